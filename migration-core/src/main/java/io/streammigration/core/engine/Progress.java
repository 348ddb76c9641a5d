package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run has delivered, split into what the last checkpoint covers and what is pending: the
 * furthest position seen in each partition, record and byte counts, and the next checkpoint id.
 * Starts from the checkpoint the run resumed from, so partitions this run never sees keep their
 * positions and counters stay cumulative across restarts.
 *
 * <p>Writer thread only. {@link #advance} is on the hot path and allocates nothing once a
 * partition is known.
 */
final class Progress {

  private final Map<PartitionId, PartitionProgress> partitions = new HashMap<>();
  private PartitionProgress lastTouched;

  /**
   * A direct-mapped cache in front of the map, by the partition name's (cached) hash: records of
   * a few partitions interleaved in a batch would otherwise cost a map lookup each.
   */
  private final PartitionProgress[] recent = new PartitionProgress[RECENT];

  private static final int RECENT = 64;
  private long nextId;
  private long recordsCommitted;
  private long bytesCommitted;
  private long recordsPending;
  private long bytesPending;
  private long deadLettersCommitted;
  private long deadLettersPending;
  private Checkpoint lastCheckpoint;
  private long runRecords;
  private long runBytes;
  private long runCheckpoints;

  Progress(Optional<Checkpoint> resumedFrom) {
    resumedFrom.ifPresent(
        cp -> {
          cp.positions().forEach((p, pos) -> partitions.put(p, new PartitionProgress(p, pos)));
          recordsCommitted = cp.records();
          bytesCommitted = cp.bytes();
          deadLettersCommitted = cp.deadLetters();
          lastCheckpoint = cp;
        });
    nextId = resumedFrom.map(cp -> cp.id() + 1).orElse(1L);
  }

  /**
   * Notes a record's position: the next checkpoint covers it, whatever the guard or the transforms
   * do with it. Positions only move forward, so a replayed record cannot pull a checkpoint back.
   */
  void advance(Record record) {
    PartitionProgress p = lastTouched;
    PartitionId partition = record.partition();
    if (p == null || p.partition != partition) {
      p = lookUp(record);
      lastTouched = p;
    }
    if (record.position().compareTo(p.position) > 0) {
      p.position = record.position();
    }
  }

  private PartitionProgress lookUp(Record record) {
    PartitionId partition = record.partition();
    int slot = partition.name().hashCode() & (RECENT - 1);
    PartitionProgress p = recent[slot];
    if (p != null && (p.partition == partition || p.partition.equals(partition))) {
      return p;
    }
    p = partitions.get(partition);
    if (p == null) {
      p = new PartitionProgress(partition, record.position());
      partitions.put(partition, p);
    }
    recent[slot] = p;
    return p;
  }

  /** Makes the next checkpoint id greater than {@code id}, if it is not already. */
  void continueAfter(long id) {
    nextId = Math.max(nextId, id + 1);
  }

  /** Counts one more dead letter; returns the total across restarts, this one included. */
  long addDeadLetter() {
    return deadLettersCommitted + ++deadLettersPending;
  }

  /** Source records seen across restarts: committed, pending, and {@code inBatch} more. */
  long recordsSeen(long inBatch) {
    return recordsCommitted + recordsPending + inBatch;
  }

  /** Dead letters across restarts, committed or pending. */
  long deadLetters() {
    return deadLettersCommitted + deadLettersPending;
  }

  /** Stops tracking {@code released}: later checkpoints leave them out. */
  void release(Set<PartitionId> released) {
    partitions.keySet().removeAll(released);
    lastTouched = null;
    java.util.Arrays.fill(recent, null);
  }

  /** The furthest position seen in {@code partition}, or null if none was. */
  Position position(PartitionId partition) {
    PartitionProgress p = partitions.get(partition);
    return p == null ? null : p.position;
  }

  /** Adds a written batch's source records and bytes to what is pending. */
  void addPending(int records, long bytes) {
    recordsPending += records;
    bytesPending += bytes;
  }

  long recordsPending() {
    return recordsPending;
  }

  long bytesPending() {
    return bytesPending;
  }

  /** The checkpoint that would cover everything delivered so far. */
  Checkpoint nextCheckpoint(byte[] guardState) {
    Checkpoint.Builder builder =
        Checkpoint.builder(nextId)
            .createdAt(Instant.now())
            .guardState(guardState)
            .records(recordsCommitted + recordsPending)
            .bytes(bytesCommitted + bytesPending)
            .deadLetters(deadLettersCommitted + deadLettersPending);
    for (PartitionProgress p : partitions.values()) {
      builder.position(p.partition, p.position);
    }
    return builder.build();
  }

  /** {@code checkpoint}, made by {@link #nextCheckpoint}, is durable: pending becomes committed. */
  void committed(Checkpoint checkpoint) {
    runRecords += recordsPending;
    runBytes += bytesPending;
    recordsCommitted += recordsPending;
    bytesCommitted += bytesPending;
    deadLettersCommitted += deadLettersPending;
    recordsPending = 0;
    bytesPending = 0;
    deadLettersPending = 0;
    runCheckpoints++;
    nextId = checkpoint.id() + 1;
    lastCheckpoint = checkpoint;
  }

  Optional<Checkpoint> lastCheckpoint() {
    return Optional.ofNullable(lastCheckpoint);
  }

  /** Source records this run's checkpoints covered. */
  long runRecords() {
    return runRecords;
  }

  long runBytes() {
    return runBytes;
  }

  long runCheckpoints() {
    return runCheckpoints;
  }

  /** The furthest position seen in one partition; mutable so the hot path does not allocate. */
  private static final class PartitionProgress {
    final PartitionId partition;
    Position position;

    PartitionProgress(PartitionId partition, Position position) {
      this.partition = partition;
      this.position = position;
    }
  }
}
