package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reader side of a run: owns the source and is the only thread that calls it. Polls batches
 * into the hand-off and passes committed checkpoints back to the source between polls.
 *
 * <p>After the last batch it keeps the source open until the writer is done, so the final
 * checkpoint still reaches {@link Source#onCheckpointCommitted}; then it closes the source.
 */
final class ReaderLoop implements Runnable {

  private static final long WAIT_SLICE_MILLIS = 20;

  /** How often the source is asked where its partitions end, for lag. */
  private static final long END_POSITIONS_EVERY_NANOS = 100_000_000L;

  private final Source source;
  private final SourceContext context;
  private final Optional<Checkpoint> resumeFrom;
  private final Handoff handoff;
  private final int batchSize;
  private final Duration pollTimeout;
  private final Retrier retrier;
  private final StatusBoard statusBoard;
  private long nextEndPositionsCheck;
  private volatile boolean drainRequested;
  private Map<PartitionId, Position> drainTargets;

  private final AtomicReference<Checkpoint> committed = new AtomicReference<>();
  private final CountDownLatch exited = new CountDownLatch(1);
  private final Object writerSignal = new Object();
  private volatile boolean stopRequested;
  private volatile boolean writerDone;
  private volatile boolean endOfInput;
  private volatile Throwable closeFailure;

  ReaderLoop(
      Source source,
      SourceContext context,
      Optional<Checkpoint> resumeFrom,
      Handoff handoff,
      int batchSize,
      Duration pollTimeout,
      Retrier retrier,
      StatusBoard statusBoard) {
    this.source = source;
    this.context = context;
    this.resumeFrom = resumeFrom;
    this.handoff = handoff;
    this.batchSize = batchSize;
    this.pollTimeout = pollTimeout;
    this.retrier = retrier;
    this.statusBoard = statusBoard;
  }

  @Override
  public void run() {
    try {
      source.open(context, resumeFrom);
      while (!stopRequested && !handoff.isAbandoned()) {
        acknowledgeCommitted();
        if (drainRequested && drainTargets == null) {
          drainTargets = endPositions();
          handoff.offerDrainTargets(drainTargets);
        }
        List<Record> batch = retrier.call("source.poll", () -> source.poll(batchSize, pollTimeout));
        if (drainTargets != null && !drainTargets.isEmpty()) {
          batch = withinDrainTargets(batch);
        }
        if (System.nanoTime() >= nextEndPositionsCheck) {
          endPositions();
        }
        if (!batch.isEmpty() && !handoff.offer(batch, Handoff.bytesOf(batch), batch.size() >= batchSize)) {
          break;
        }
        if (source.isEndOfInput()) {
          endOfInput = true;
          break;
        }
      }
      handoff.offerEnd();
      awaitWriter();
    } catch (Throwable error) {
      try {
        handoff.offerFailure(error);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } finally {
      try {
        source.close();
      } catch (Throwable error) {
        closeFailure = error;
      }
      exited.countDown();
    }
  }

  private Map<PartitionId, Position> endPositions() {
    Map<PartitionId, Position> ends = retrier.call("source.endPositions", source::endPositions);
    statusBoard.ends(ends);
    nextEndPositionsCheck = System.nanoTime() + END_POSITIONS_EVERY_NANOS;
    return ends;
  }

  /**
   * The records of {@code batch} at or before the drain targets. Those beyond are left out: no
   * checkpoint covers them, so the next run reads them again. Allocates only when it cuts.
   */
  private List<Record> withinDrainTargets(List<Record> batch) {
    List<Record> kept = null;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Record record = batch.get(i);
      Position target = drainTargets.get(record.partition());
      boolean within = target != null && record.position().compareTo(target) <= 0;
      if (!within && kept == null) {
        kept = new ArrayList<>(batch.subList(0, i));
      } else if (within && kept != null) {
        kept.add(record);
      }
    }
    return kept == null ? batch : kept;
  }

  /** Asks the reader to fix the source's current end positions and read no further. Any thread. */
  void requestDrain() {
    drainRequested = true;
  }

  /** Keeps acknowledging checkpoints until the writer has committed its last one. */
  private void awaitWriter() throws InterruptedException {
    while (!writerDone && !handoff.isAbandoned()) {
      synchronized (writerSignal) {
        if (!writerDone && committed.get() == null) {
          writerSignal.wait(WAIT_SLICE_MILLIS);
        }
      }
      acknowledgeCommitted();
    }
    acknowledgeCommitted();
  }

  private void acknowledgeCommitted() {
    Checkpoint checkpoint = committed.getAndSet(null);
    if (checkpoint != null && !handoff.isAbandoned()) {
      retrier.run("source.onCheckpointCommitted", () -> source.onCheckpointCommitted(checkpoint));
    }
  }

  /**
   * Writer side: {@code checkpoint} is durable. Only the newest matters, so a checkpoint the reader
   * has not picked up yet is replaced rather than queued.
   */
  void checkpointCommitted(Checkpoint checkpoint) {
    committed.set(checkpoint);
    synchronized (writerSignal) {
      writerSignal.notifyAll();
    }
  }

  /** Asks the reader to stop polling; it then sends END. Any thread. */
  void requestStop() {
    stopRequested = true;
  }

  /** Writer side: the writer has committed its final checkpoint; the reader may close the source. */
  void writerDone() {
    writerDone = true;
    synchronized (writerSignal) {
      writerSignal.notifyAll();
    }
  }

  /** Waits for the reader to close the source and exit. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return exited.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  boolean reachedEndOfInput() {
    return endOfInput;
  }

  /** What {@link Source#close()} threw, if anything. */
  Optional<Throwable> closeFailure() {
    return Optional.ofNullable(closeFailure);
  }
}
