package io.streammigration.core.checkpoint;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable record of progress: which source records a migration has durably delivered.
 *
 * <ul>
 *   <li>{@link #id()}: strictly increasing within one migration; a later checkpoint has a greater
 *       id.
 *   <li>{@link #positions()}: per partition, the position of the last source record covered. A
 *       source resumed from this checkpoint delivers exactly the records after these positions;
 *       partitions absent from the map start from the source's configured start.
 *   <li>{@link #guardState()}: the ordering guard's opaque state, restored on resume.
 *   <li>{@link #records()} and {@link #bytes()}: cumulative counts of source records and bytes
 *       covered, across restarts; {@link #deadLetters()}: how many of those records went to the
 *       dead-letter sink.
 * </ul>
 *
 * <p>Serialized by {@link CheckpointCodec}, with a format version and a CRC32C checksum, so a torn
 * or corrupt checkpoint is detected and never used.
 */
public final class Checkpoint {

  private final long id;
  private final Instant createdAt;
  private final SortedMap<PartitionId, Position> positions;
  private final byte[] guardState;
  private final long records;
  private final long bytes;
  private final long deadLetters;

  private Checkpoint(Builder b) {
    this.id = b.id;
    this.createdAt = b.createdAt;
    this.positions = Collections.unmodifiableSortedMap(new TreeMap<>(b.positions));
    this.guardState = b.guardState.clone();
    this.records = b.records;
    this.bytes = b.bytes;
    this.deadLetters = b.deadLetters;
  }

  /** A builder for the checkpoint with the given id. */
  public static Builder builder(long id) {
    return new Builder(id);
  }

  public long id() {
    return id;
  }

  /** When the engine created this checkpoint (wall clock). */
  public Instant createdAt() {
    return createdAt;
  }

  /** Per partition, the position of the last covered record; sorted by partition. */
  public SortedMap<PartitionId, Position> positions() {
    return positions;
  }

  /** The position of the last covered record of {@code partition}, if any. */
  public Optional<Position> position(PartitionId partition) {
    return Optional.ofNullable(positions.get(partition));
  }

  /** The ordering guard's state (a copy); empty when no guard state was kept. */
  public byte[] guardState() {
    return guardState.clone();
  }

  /** Cumulative number of source records covered. */
  public long records() {
    return records;
  }

  /** Cumulative number of source bytes (key + value + headers) covered. */
  public long bytes() {
    return bytes;
  }

  /** Cumulative number of source records routed to the dead-letter sink. */
  public long deadLetters() {
    return deadLetters;
  }

  /** A builder preloaded with this checkpoint's content, for the next id. */
  public Builder toBuilder(long newId) {
    Builder b = new Builder(newId);
    b.createdAt = createdAt;
    b.positions.putAll(positions);
    b.guardState = guardState;
    b.records = records;
    b.bytes = bytes;
    b.deadLetters = deadLetters;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && id == c.id
        && records == c.records
        && bytes == c.bytes
        && deadLetters == c.deadLetters
        && createdAt.equals(c.createdAt)
        && positions.equals(c.positions)
        && Arrays.equals(guardState, c.guardState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, createdAt, positions, records, bytes, deadLetters) * 31
        + Arrays.hashCode(guardState);
  }

  @Override
  public String toString() {
    return "Checkpoint{id="
        + id
        + ", createdAt="
        + createdAt
        + ", partitions="
        + positions.size()
        + ", records="
        + records
        + ", bytes="
        + bytes
        + (deadLetters == 0 ? "" : ", deadLetters=" + deadLetters)
        + ", guardState="
        + guardState.length
        + "B}";
  }

  /** Builds a {@link Checkpoint}. Not thread-safe. */
  public static final class Builder {
    private final long id;
    private Instant createdAt = Instant.EPOCH;
    private final Map<PartitionId, Position> positions = new TreeMap<>();
    private byte[] guardState = new byte[0];
    private long records;
    private long bytes;
    private long deadLetters;

    private Builder(long id) {
      if (id < 0) {
        throw new IllegalArgumentException("checkpoint id must be >= 0, was " + id);
      }
      this.id = id;
    }

    /**
     * When the checkpoint was created; truncated to milliseconds, the precision {@link
     * CheckpointCodec} stores, so that a decoded checkpoint equals the one that was encoded.
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt =
          Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
      return this;
    }

    public Builder position(PartitionId partition, Position position) {
      positions.put(
          Objects.requireNonNull(partition, "partition"),
          Objects.requireNonNull(position, "position"));
      return this;
    }

    public Builder positions(Map<PartitionId, Position> all) {
      all.forEach(this::position);
      return this;
    }

    /** The guard's state; copied. */
    public Builder guardState(byte[] state) {
      this.guardState = Objects.requireNonNull(state, "state").clone();
      return this;
    }

    public Builder records(long records) {
      if (records < 0) {
        throw new IllegalArgumentException("records must be >= 0, was " + records);
      }
      this.records = records;
      return this;
    }

    public Builder bytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
      }
      this.bytes = bytes;
      return this;
    }

    public Builder deadLetters(long deadLetters) {
      if (deadLetters < 0) {
        throw new IllegalArgumentException("deadLetters must be >= 0, was " + deadLetters);
      }
      this.deadLetters = deadLetters;
      return this;
    }

    public Checkpoint build() {
      return new Checkpoint(this);
    }
  }
}
