package io.streammigration.testkit.memory;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Source} reading an {@link InMemoryLog}: bounded once the log is sealed, live while
 * tests keep appending to it.
 *
 * <h2>Contract kept</h2>
 *
 * <ol>
 *   <li>{@code open(ctx, Optional.of(cp))} delivers, per partition, exactly the records whose
 *       position is greater than {@code cp.position(partition)}; partitions the checkpoint does not
 *       name (including ones that appear in the log later) are read from their first record.
 *   <li>{@link #poll} interleaves partitions in round-robin chunks of {@code chunkSize} records,
 *       starting from a different partition each poll, so the only order it promises is the order
 *       within each partition (an engine that relies on more will be caught).
 *   <li>When nothing is available, {@link #poll} waits on the log's condition up to the timeout,
 *       without spinning, and wakes as soon as a record is appended or the log is sealed.
 *   <li>{@link #isEndOfInput()} is true once the log is sealed and every record was returned.
 *   <li>{@link #positionsAreDense()} is true while the log's positions are dense (always, for
 *       generated streams).
 * </ol>
 *
 * <p>The instance remembers the checkpoint it was opened with and every checkpoint passed to
 * {@link #onCheckpointCommitted}, so tests can check what the engine told it. Those accessors are
 * safe to call from any thread; the {@link Source} methods are called by one reader thread.
 */
public final class InMemorySource implements Source {

  /** Records taken from one partition before moving to the next, unless configured otherwise. */
  public static final int DEFAULT_CHUNK_SIZE = 7;

  private final InMemoryLog log;
  private final int chunkSize;
  private final Map<PartitionId, Integer> cursors = new HashMap<>();
  private final List<Checkpoint> acknowledged = new CopyOnWriteArrayList<>();
  private volatile Optional<Checkpoint> resumedFrom;
  private volatile boolean closed;
  private int rotation;

  /** A source over {@code log} taking {@link #DEFAULT_CHUNK_SIZE} records per partition in turn. */
  public InMemorySource(InMemoryLog log) {
    this(log, DEFAULT_CHUNK_SIZE);
  }

  /** A source over {@code log} taking up to {@code chunkSize} records per partition in turn. */
  public InMemorySource(InMemoryLog log, int chunkSize) {
    this.log = Objects.requireNonNull(log, "log");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1, was " + chunkSize);
    }
    this.chunkSize = chunkSize;
  }

  /** A bounded source over the generated stream (a sealed log of its own). */
  public static InMemorySource bounded(GeneratedStream stream) {
    return new InMemorySource(InMemoryLog.sealedWith(stream));
  }

  /** A bounded source over the given records (a sealed log of its own). */
  public static InMemorySource bounded(Map<PartitionId, ? extends List<Record>> records) {
    return new InMemorySource(InMemoryLog.sealedWith(records));
  }

  /** The log this source reads; append to it (from any thread) to feed a live source. */
  public InMemoryLog log() {
    return log;
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(resumeFrom, "resumeFrom");
    if (this.resumedFrom != null) {
      throw new IllegalStateException("open called twice: a source is opened once");
    }
    this.resumedFrom = resumeFrom;
  }

  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, was " + maxRecords);
    }
    Objects.requireNonNull(timeout, "timeout");
    requireOpen("poll");
    long deadline = System.nanoTime() + timeout.toNanos();
    log.lock().lock();
    try {
      while (true) {
        List<Record> batch = drain(maxRecords);
        if (!batch.isEmpty() || log.isSealedLocked()) {
          return batch;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return batch;
        }
        log.awaitChange(Duration.ofNanos(remaining));
      }
    } catch (InterruptedException e) {
      // The engine interrupts a blocked reader to shut down: report nothing, keep the flag.
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      log.lock().unlock();
    }
  }

  private List<Record> drain(int maxRecords) {
    List<PartitionId> ids = new ArrayList<>(log.partitionsLocked().keySet());
    List<Record> batch = new ArrayList<>(Math.min(maxRecords, 1024));
    if (ids.isEmpty()) {
      return batch;
    }
    int start = Math.floorMod(rotation++, ids.size());
    boolean progress = true;
    while (batch.size() < maxRecords && progress) {
      progress = false;
      for (int i = 0; i < ids.size() && batch.size() < maxRecords; i++) {
        PartitionId id = ids.get((start + i) % ids.size());
        List<Record> records = log.partitionsLocked().get(id);
        int from = cursor(id, records);
        int to = Math.min(records.size(), from + Math.min(chunkSize, maxRecords - batch.size()));
        if (to > from) {
          batch.addAll(records.subList(from, to));
          cursors.put(id, to);
          progress = true;
        }
      }
    }
    return batch;
  }

  /** Index of the next record to deliver: the first one after the resume position. */
  private int cursor(PartitionId id, List<Record> records) {
    Integer cursor = cursors.get(id);
    if (cursor != null) {
      return cursor;
    }
    Optional<Position> after = resumedFrom.flatMap(cp -> cp.position(id));
    int low = 0;
    if (after.isPresent()) {
      int high = records.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (records.get(mid).position().isAfter(after.get())) {
          high = mid;
        } else {
          low = mid + 1;
        }
      }
    }
    // Remember the cursor only once the partition holds a record after the resume position, so
    // a resume position ahead of a live log's end is still honoured when the log catches up.
    if (low < records.size()) {
      cursors.put(id, low);
    }
    return low;
  }

  @Override
  public boolean isEndOfInput() {
    requireOpen("isEndOfInput");
    log.lock().lock();
    try {
      if (!log.isSealedLocked()) {
        return false;
      }
      for (Map.Entry<PartitionId, List<Record>> e : log.partitionsLocked().entrySet()) {
        if (cursor(e.getKey(), e.getValue()) < e.getValue().size()) {
          return false;
        }
      }
      return true;
    } finally {
      log.lock().unlock();
    }
  }

  @Override
  public boolean positionsAreDense() {
    return log.isDense();
  }

  /** The position of the last record each non-empty partition of the log holds right now. */
  @Override
  public Map<PartitionId, Position> endPositions() {
    requireOpen("endPositions");
    log.lock().lock();
    try {
      Map<PartitionId, Position> ends = new HashMap<>();
      log.partitionsLocked()
          .forEach(
              (partition, records) -> {
                if (!records.isEmpty()) {
                  ends.put(partition, records.get(records.size() - 1).position());
                }
              });
      return ends;
    } finally {
      log.lock().unlock();
    }
  }

  @Override
  public void onCheckpointCommitted(Checkpoint checkpoint) {
    acknowledged.add(Objects.requireNonNull(checkpoint, "checkpoint"));
  }

  @Override
  public void close() {
    closed = true;
  }

  /**
   * The checkpoint passed to {@link #open}.
   *
   * @throws IllegalStateException if the source was never opened
   */
  public Optional<Checkpoint> resumedFrom() {
    Optional<Checkpoint> checkpoint = resumedFrom;
    if (checkpoint == null) {
      throw new IllegalStateException("the source was never opened");
    }
    return checkpoint;
  }

  public boolean isOpened() {
    return resumedFrom != null;
  }

  /** The checkpoints passed to {@link #onCheckpointCommitted}, in call order. */
  public List<Checkpoint> acknowledged() {
    return List.copyOf(acknowledged);
  }

  public boolean isClosed() {
    return closed;
  }

  private void requireOpen(String method) {
    if (resumedFrom == null) {
      throw new IllegalStateException(method + " before open");
    }
    if (closed) {
      throw new IllegalStateException(method + " after close");
    }
  }

  @Override
  public String toString() {
    return "InMemorySource{chunkSize=" + chunkSize + ", closed=" + closed + "}";
  }
}
