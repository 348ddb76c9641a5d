package io.streammigration.testkit.memory;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only, partitioned log held in memory: the source endpoint that {@link InMemorySource}
 * reads, standing in for a Kafka topic or a set of log files.
 *
 * <p>A log outlives the sources reading it, so a new source over the same log models a restarted
 * process. While the log is open, tests append to it from any thread and sources see the new
 * records (a live source). Once {@link #seal() sealed}, nothing more can be appended and a source
 * that has read everything reports end of input (a bounded source).
 *
 * <p>Within a partition, positions must strictly increase; {@link #append} rejects anything else,
 * because a source over such a log could not honour the resume contract.
 *
 * <p>Thread-safe: appends and reads may come from any threads.
 */
public final class InMemoryLog {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final SortedMap<PartitionId, List<Record>> partitions = new TreeMap<>();
  private boolean sealed;
  private boolean dense = true;

  /** An empty, open log. */
  public InMemoryLog() {}

  /** A sealed log holding {@code records}, grouped by their partition. */
  public static InMemoryLog sealedWith(Map<PartitionId, ? extends List<Record>> records) {
    InMemoryLog log = new InMemoryLog();
    records.values().forEach(log::append);
    log.seal();
    return log;
  }

  /** A sealed log holding the generated stream. */
  public static InMemoryLog sealedWith(GeneratedStream stream) {
    return sealedWith(stream.byPartition());
  }

  /** An open log holding {@code records} so far; append more and seal it when the test is done. */
  public static InMemoryLog openWith(Map<PartitionId, ? extends List<Record>> records) {
    InMemoryLog log = new InMemoryLog();
    records.values().forEach(log::append);
    return log;
  }

  /**
   * Appends {@code records}, in order, each to its own partition, and wakes waiting sources.
   *
   * @throws IllegalStateException if the log is sealed
   * @throws IllegalArgumentException if a record's position does not follow its partition's last
   *     position; nothing is appended then
   */
  public void append(Collection<Record> records) {
    Objects.requireNonNull(records, "records");
    lock.lock();
    try {
      if (sealed) {
        throw new IllegalStateException("the log is sealed: nothing can be appended");
      }
      Map<PartitionId, Position> last = new TreeMap<>();
      for (Record r : records) {
        Objects.requireNonNull(r, "record");
        Position previous = last.computeIfAbsent(r.partition(), this::lastPosition);
        if (previous != null && !r.position().isAfter(previous)) {
          throw new IllegalArgumentException(
              "position " + r.position() + " does not follow " + previous + " in " + r.partition());
        }
        last.put(r.partition(), r.position());
      }
      for (Record r : records) {
        List<Record> list = partitions.computeIfAbsent(r.partition(), p -> new ArrayList<>());
        if (!list.isEmpty() && !follows(list.get(list.size() - 1).position(), r.position())) {
          dense = false;
        }
        list.add(r);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Appends one record. See {@link #append(Collection)}. */
  public void append(Record record) {
    append(List.of(record));
  }

  /** No more appends: sources reach end of input once they have read everything. Idempotent. */
  public void seal() {
    lock.lock();
    try {
      sealed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isSealed() {
    lock.lock();
    try {
      return sealed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * True if, in every partition, each record's position follows the previous one densely (the
   * next offset in the same segment, or a new segment). The generator's streams are dense.
   */
  public boolean isDense() {
    lock.lock();
    try {
      return dense;
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot of the records of every partition, sorted by partition. */
  public SortedMap<PartitionId, List<Record>> snapshot() {
    lock.lock();
    try {
      SortedMap<PartitionId, List<Record>> copy = new TreeMap<>();
      partitions.forEach((p, list) -> copy.put(p, List.copyOf(list)));
      return copy;
    } finally {
      lock.unlock();
    }
  }

  /** Total number of records appended. */
  public int size() {
    lock.lock();
    try {
      return partitions.values().stream().mapToInt(List::size).sum();
    } finally {
      lock.unlock();
    }
  }

  private Position lastPosition(PartitionId partition) {
    List<Record> list = partitions.get(partition);
    return list == null || list.isEmpty() ? null : list.get(list.size() - 1).position();
  }

  private static boolean follows(Position previous, Position next) {
    return next.segment() == previous.segment()
        ? next.offset() == previous.offset() + 1
        : next.segment() > previous.segment();
  }

  // Reader-side access for InMemorySource, under the log's lock.

  ReentrantLock lock() {
    return lock;
  }

  /** Waits until the log changes or the time is up; returns false on timeout. Lock held. */
  boolean awaitChange(Duration timeout) throws InterruptedException {
    return changed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Live view of the partitions; only read while holding the lock. */
  SortedMap<PartitionId, List<Record>> partitionsLocked() {
    return partitions;
  }

  boolean isSealedLocked() {
    return sealed;
  }
}
