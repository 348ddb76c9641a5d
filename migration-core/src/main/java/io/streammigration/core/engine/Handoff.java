package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between the reader and the writer. Whole batches cross it, never single
 * records; when it is full the reader waits, which is how a slow sink slows the source down. It
 * is full at {@code capacity} batches or at {@code capacityBytes} of record bytes, whichever comes
 * first: the byte bound keeps memory in check for large records, the batch bound for small ones,
 * so small records can have many batches in flight (and fewer wake-ups, below) at little cost.
 *
 * <p>Besides batches it carries the reader's {@link CheckpointRequest}s, in order with the batches,
 * and one of two terminal signals from the reader: {@link #END} (no more batches) or a {@link
 * Failure}. The writer {@link #abandon()}s it when it fails, which releases a
 * reader blocked on a full queue.
 *
 * <p>A bounded ring under one lock, like {@code ArrayBlockingQueue}, with one difference that
 * matters on the hot path: a reader waiting on a full hand-off is woken only once the writer has
 * taken it down to half full, not after every batch. A fast source keeps the hand-off full, so
 * with a per-batch wake-up the writer paid a thread unpark (a system call) for every batch it
 * took; now it pays one per half a hand-off, and the reader refills several batches per wake-up.
 * The bounds on what is in flight are unchanged.
 *
 * <p>The other way round: when the writer has caught up and waits on an empty hand-off, a full
 * batch (the source had more to give) wakes it only once a few batches have queued, because
 * waking it for each batch cost the same unpark per batch (at-least-once and exactly-once both
 * ran 15-25% slower with 100-byte records without this). The writer may be woken late only when
 * it looks again by itself within {@link #MAX_WAKE_DELAY_NANOS} (its wait while records are
 * pending a checkpoint): a batch that is not full, every control item, and any batch while the
 * writer waits longer, wake it at once, so a record waits for the writer 1 ms more at most.
 */
final class Handoff {

  /** The reader has nothing more to send. */
  static final Object END = new Object();

  /** The reader failed with {@code error}. */
  record Failure(Throwable error) {}

  /**
   * The reader has fixed the positions a drain ends at (empty: the source cannot tell); from now
   * on it sends no record beyond them.
   */
  record DrainTargets(Map<PartitionId, Position> targets) {}

  /**
   * The reader asks for a checkpoint covering every batch it sent before this request, after
   * which the {@code released} partitions are no longer tracked. Records of the released
   * partitions still queued when the request comes are dropped, not written (see {@link
   * #requestCheckpoint}). The writer completes {@code done} with the checkpoint that then covers
   * everything written.
   */
  record CheckpointRequest(
      Set<PartitionId> released, CompletableFuture<Optional<Checkpoint>> done) {}

  /** Full batches that queue up before one wakes a waiting writer. */
  private static final int WAKE_WRITER_BATCHES = 4;

  /** The longest a writer's wake-up may be put off: only a writer waiting no longer than this. */
  static final long MAX_WAKE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final long OFFER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Object[] items;
  private final long[] sizes; // record bytes of the item in the same slot of `items`
  private final long capacityBytes;
  // At or below both of these the writer wakes a reader waiting on a full hand-off.
  private final int wakeReaderAt;
  private final long wakeReaderAtBytes;
  // At or above either of these a full batch wakes a writer waiting on an empty hand-off.
  private final int wakeWriterAt;
  private final long wakeWriterAtBytes;
  private int head; // guarded by lock
  private int count; // guarded by lock
  private long bytes; // guarded by lock: record bytes of the queued batches
  private long writerWaitNanos = Long.MAX_VALUE; // guarded by lock: the waiting writer's timeout
  private long polledBytes; // writer thread only: the record bytes of the item poll returned last
  private volatile boolean abandoned;

  /**
   * @param capacity most items queued
   * @param capacityBytes record bytes queued at which offers wait; one batch
   *     is always let in, however large, so the bound is exceeded by at most one batch
   */
  Handoff(int capacity, long capacityBytes) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    if (capacityBytes < 1) {
      throw new IllegalArgumentException("capacityBytes must be >= 1, was " + capacityBytes);
    }
    this.items = new Object[capacity];
    this.sizes = new long[capacity];
    this.capacityBytes = capacityBytes;
    this.wakeReaderAt = capacity / 2;
    this.wakeReaderAtBytes = capacityBytes / 2;
    this.wakeWriterAt = Math.max(1, Math.min(WAKE_WRITER_BATCHES, capacity / 2));
    this.wakeWriterAtBytes = capacityBytes / 2;
  }

  /**
   * Reader side: enqueues a batch, waiting while the hand-off is full. Returns false, dropping the
   * batch, once the writer has abandoned the hand-off.
   *
   * @param bytes the batch's record bytes ({@link Record#sizeInBytes()} summed)
   * @param full true if the source filled the batch (it likely has more right away), which lets
   *     the hand-off wait for a few more before waking the writer
   */
  boolean offer(List<Record> batch, long bytes, boolean full) throws InterruptedException {
    return offerItem(batch, bytes, full);
  }

  /** Reader side: signals the end of input (or of a graceful stop). */
  boolean offerEnd() throws InterruptedException {
    return offerItem(END, 0, false);
  }

  /**
   * Reader side: asks the writer for a checkpoint covering every batch sent so far (see {@link
   * CheckpointRequest}) and waits for it, checking that the writer is still alive. Queued records
   * of {@code released} partitions are dropped first: the checkpoint then stores, for each of
   * them, the last position written, from which their new owner reads on. A rebalance so waits
   * for the batch the writer is writing, not for the whole hand-off.
   */
  Optional<Checkpoint> requestCheckpoint(Set<PartitionId> released) {
    CheckpointRequest request = new CheckpointRequest(Set.copyOf(released), new CompletableFuture<>());
    try {
      if (!offerItem(request, 0, false)) {
        throw new MigrationException("the migration failed; no checkpoint was taken");
      }
      while (true) {
        try {
          return request.done().get(OFFER_SLICE_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillWaiting) {
          if (abandoned) {
            throw new MigrationException("the migration failed before the requested checkpoint");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted while waiting for a requested checkpoint", e);
    } catch (ExecutionException e) {
      throw new MigrationException("the requested checkpoint failed", e.getCause());
    }
  }

  /** Reader side: tells the writer where the drain ends. */
  boolean offerDrainTargets(Map<PartitionId, Position> targets) throws InterruptedException {
    return offerItem(new DrainTargets(Map.copyOf(targets)), 0, false);
  }

  /** Reader side: passes a failure to the writer. */
  boolean offerFailure(Throwable error) throws InterruptedException {
    return offerItem(new Failure(error), 0, false);
  }

  private boolean offerItem(Object item, long itemBytes, boolean more) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      if (item instanceof CheckpointRequest request && !request.released().isEmpty()) {
        dropQueuedRecordsOf(request.released());
      }
      // Waits in slices so that a reader notices an abandoned hand-off even if no signal comes.
      while (!abandoned && (count == items.length || bytes >= capacityBytes)) {
        notFull.awaitNanos(OFFER_SLICE_NANOS);
      }
      if (abandoned) {
        return false;
      }
      int slot = (head + count) % items.length;
      items[slot] = item;
      sizes[slot] = itemBytes;
      count++;
      bytes += itemBytes;
      boolean wakeLater =
          more
              && writerWaitNanos <= MAX_WAKE_DELAY_NANOS
              && count < wakeWriterAt
              && bytes < wakeWriterAtBytes;
      if (!wakeLater) {
        notEmpty.signal(); // no system call unless the writer is actually waiting
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the queued records of {@code released} partitions out of the hand-off; the lock is held.
   * Their new owner reads them again from the position the coming checkpoint stores, the last one
   * written, so delivering them first would only hold the rebalance up, by a whole hand-off at
   * worst. Batches keep their order; a batch left empty goes.
   */
  private void dropQueuedRecordsOf(Set<PartitionId> released) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      int slot = (head + i) % items.length;
      Object item = items[slot];
      long itemBytes = sizes[slot];
      items[slot] = null;
      if (item instanceof List<?> queued) {
        @SuppressWarnings("unchecked")
        List<Record> batch = (List<Record>) queued;
        List<Record> rest = without(batch, released);
        if (rest != batch) {
          bytes -= itemBytes;
          itemBytes = bytesOf(rest);
          bytes += itemBytes;
          item = rest.isEmpty() ? null : rest;
        }
      }
      if (item != null) {
        int to = (head + kept) % items.length; // never ahead of slot: no unread item overwritten
        items[to] = item;
        sizes[to] = itemBytes;
        kept++;
      }
    }
    count = kept;
  }

  /** {@code batch} itself if it has no record of {@code partitions}, else a copy without them. */
  private static List<Record> without(List<Record> batch, Set<PartitionId> partitions) {
    List<Record> rest = null;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Record record = batch.get(i);
      boolean drop = partitions.contains(record.partition());
      if (drop && rest == null) {
        rest = new ArrayList<>(batch.subList(0, i));
      } else if (!drop && rest != null) {
        rest.add(record);
      }
    }
    return rest == null ? batch : rest;
  }

  /** Writer side: the next item, or null if none arrived within {@code timeoutNanos}. */
  Object poll(long timeoutNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long nanos = timeoutNanos;
      while (count == 0) {
        if (nanos <= 0) {
          return null;
        }
        writerWaitNanos = timeoutNanos;
        try {
          nanos = notEmpty.awaitNanos(nanos);
        } finally {
          writerWaitNanos = Long.MAX_VALUE;
        }
      }
      Object item = items[head];
      items[head] = null;
      polledBytes = sizes[head];
      bytes -= polledBytes;
      head = (head + 1) % items.length;
      count--;
      if (count <= wakeReaderAt && bytes <= wakeReaderAtBytes) {
        notFull.signal();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** The record bytes of {@code records}, as the byte bound counts them: a field read per record. */
  static long bytesOf(List<Record> records) {
    long bytes = 0;
    for (int i = 0, n = records.size(); i < n; i++) {
      bytes += records.get(i).sizeInBytes();
    }
    return bytes;
  }

  /**
   * Writer side: the record bytes of the batch {@link #poll} returned last, as the reader summed
   * them for the byte bound, so the writer need not sum them again.
   */
  long polledBytes() {
    return polledBytes;
  }

  /** Writer side: gives up; the reader's pending and future offers fail fast. */
  void abandon() {
    abandoned = true;
    lock.lock();
    try {
      Arrays.fill(items, null);
      head = 0;
      count = 0;
      bytes = 0;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isAbandoned() {
    return abandoned;
  }
}
