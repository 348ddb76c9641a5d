package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.time.Duration;
import java.util.List;
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

  private final Source source;
  private final SourceContext context;
  private final Optional<Checkpoint> resumeFrom;
  private final Handoff handoff;
  private final int batchSize;
  private final Duration pollTimeout;
  private final Retrier retrier;

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
      Retrier retrier) {
    this.source = source;
    this.context = context;
    this.resumeFrom = resumeFrom;
    this.handoff = handoff;
    this.batchSize = batchSize;
    this.pollTimeout = pollTimeout;
    this.retrier = retrier;
  }

  @Override
  public void run() {
    try {
      source.open(context, resumeFrom);
      while (!stopRequested && !handoff.isAbandoned()) {
        acknowledgeCommitted();
        List<Record> batch = retrier.call("source.poll", () -> source.poll(batchSize, pollTimeout));
        if (!batch.isEmpty() && !handoff.offer(batch)) {
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

  /** True once a stop was requested or the writer gave up: reader-side retries end then. */
  boolean isStopping() {
    return stopRequested || handoff.isAbandoned();
  }

  boolean reachedEndOfInput() {
    return endOfInput;
  }

  /** What {@link Source#close()} threw, if anything. */
  Optional<Throwable> closeFailure() {
    return Optional.ofNullable(closeFailure);
  }
}
