package io.streammigration.testkit.memory;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A destination endpoint held in memory that survives simulated crashes: the durable records per
 * source partition, the last committed checkpoint and the history of commits.
 *
 * <p>Sinks are the only writers, and they keep what is merely written in the sink instance
 * ({@link InMemorySink}'s buffer, {@link InMemoryTransactionalSink}'s pending list). Only a flush
 * or a commit reaches this object, so abandoning a sink instance loses exactly what a crashed
 * process would lose. A new sink over the same destination models the restarted process.
 *
 * <p>Commits are fenced as a Kafka transactional producer is: each {@link
 * InMemoryTransactionalSink#recover()} starts a new epoch, and a commit from an instance of an
 * older epoch (a zombie of the crashed process) fails with a fatal {@link MigrationException}.
 *
 * <p>Thread-safe: tests may read while the engine writes; every read returns a snapshot.
 */
public final class InMemoryDestination {

  private final SortedMap<PartitionId, List<Record>> durable = new TreeMap<>();
  private final List<Checkpoint> commits = new ArrayList<>();
  // Per commit, how many durable records each partition held once it was applied: what a
  // rollback truncates back to.
  private final List<Map<PartitionId, Integer>> sizesAtCommit = new ArrayList<>();
  private long epoch;
  private long written;

  /** An empty destination. */
  public InMemoryDestination() {}

  /** A new at-least-once sink over this destination. */
  public InMemorySink newSink() {
    return new InMemorySink(this);
  }

  /** A new transactional sink over this destination. */
  public InMemoryTransactionalSink newTransactionalSink() {
    return new InMemoryTransactionalSink(this);
  }

  /** The durable records and the committed checkpoint, read together. */
  public synchronized CommittedState committedState() {
    return new CommittedState(committedCheckpoint(), durable);
  }

  /** The durable records per source partition, in destination order. A snapshot. */
  public synchronized SortedMap<PartitionId, List<Record>> committedRecords() {
    return committedState().records();
  }

  /** The durable records of {@code partition}, in destination order. A snapshot. */
  public synchronized List<Record> committedRecords(PartitionId partition) {
    return List.copyOf(durable.getOrDefault(partition, List.of()));
  }

  /** Number of durable records. */
  public synchronized int committedCount() {
    return durable.values().stream().mapToInt(List::size).sum();
  }

  /** The last committed checkpoint, if any transactional sink committed one. */
  public synchronized Optional<Checkpoint> committedCheckpoint() {
    return commits.isEmpty() ? Optional.empty() : Optional.of(commits.get(commits.size() - 1));
  }

  /** Every committed checkpoint, oldest first (repeated idempotent commits appear once). */
  public synchronized List<Checkpoint> commitHistory() {
    return List.copyOf(commits);
  }

  /**
   * Records handed to {@code write} by any sink over this destination, committed or not: compare
   * with {@link #committedCount()} to see how much was written and then lost or discarded.
   */
  public synchronized long writtenCount() {
    return written;
  }

  synchronized void recordWritten(int count) {
    written += count;
  }

  /** Makes records durable at once: an at-least-once flush. */
  synchronized void appendDurable(List<Record> records) {
    for (Record r : records) {
      durable.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
    }
  }

  /** Starts a new producer epoch, fencing every sink that recovered before. */
  synchronized long fence() {
    return ++epoch;
  }

  /**
   * Appends {@code pending} and records {@code checkpoint} in one step, or changes nothing.
   *
   * @return false if {@code checkpoint} was already the last committed one (an idempotent repeat)
   */
  synchronized boolean commit(long sinkEpoch, List<Record> pending, Checkpoint checkpoint) {
    if (sinkEpoch != epoch) {
      throw new MigrationException(
          "sink fenced: it recovered in epoch "
              + sinkEpoch
              + " but a newer sink recovered this destination in epoch "
              + epoch
              + "; its writes are discarded");
    }
    Optional<Checkpoint> last = committedCheckpoint();
    if (last.isPresent() && checkpoint.id() == last.get().id()) {
      if (!checkpoint.equals(last.get())) {
        throw new MigrationException(
            "checkpoint " + checkpoint.id() + " is already committed with other content");
      }
      if (!pending.isEmpty()) {
        throw new MigrationException(
            "commit repeats checkpoint "
                + checkpoint.id()
                + " but "
                + pending.size()
                + " records were written since it was committed: ids must strictly increase");
      }
      return false;
    }
    if (last.isPresent() && checkpoint.id() < last.get().id()) {
      throw new MigrationException(
          "checkpoint ids must strictly increase: last committed "
              + last.get().id()
              + ", got "
              + checkpoint.id());
    }
    appendDurable(pending);
    commits.add(checkpoint);
    Map<PartitionId, Integer> sizes = new HashMap<>();
    durable.forEach((partition, records) -> sizes.put(partition, records.size()));
    sizesAtCommit.add(sizes);
    return true;
  }

  /**
   * Forgets every commit after the one with {@code checkpointId}: its records are removed and it
   * becomes the last committed checkpoint.
   *
   * @throws MigrationException if no commit has that id; nothing changes then
   */
  synchronized Checkpoint rollbackTo(long checkpointId) {
    int index = -1;
    for (int i = 0; i < commits.size(); i++) {
      if (commits.get(i).id() == checkpointId) {
        index = i;
      }
    }
    if (index < 0) {
      throw new MigrationException(
          "no committed checkpoint " + checkpointId + " to roll back to; committed: "
              + commits.stream().map(Checkpoint::id).toList());
    }
    Map<PartitionId, Integer> sizes = sizesAtCommit.get(index);
    durable.entrySet().removeIf(e -> !sizes.containsKey(e.getKey()));
    durable.forEach(
        (partition, records) -> records.subList(sizes.get(partition), records.size()).clear());
    commits.subList(index + 1, commits.size()).clear();
    sizesAtCommit.subList(index + 1, sizesAtCommit.size()).clear();
    return commits.get(index);
  }

  @Override
  public synchronized String toString() {
    return "InMemoryDestination{records="
        + committedCount()
        + ", checkpoint="
        + committedCheckpoint().map(c -> Long.toString(c.id())).orElse("none")
        + ", epoch="
        + epoch
        + "}";
  }
}
