package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.ordering.OrderingViolation;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.CheckpointStore;
import io.streammigration.core.spi.OrderingGuard;
import io.streammigration.core.spi.RewindableSink;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.TransactionalSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer side of a run, and the delivery protocol in one place.
 *
 * <p>Which protocol runs depends on the sink, not only on the guarantee: a {@link
 * TransactionalSink} always gets the transactional one (its {@code flush} alone makes nothing
 * visible), so AT_LEAST_ONCE over a transactional sink is in fact exactly once. EXACTLY_ONCE over
 * any other sink is refused when the configuration is built.
 *
 * <h2>Start</h2>
 *
 * <ol>
 *   <li>{@code sink.open}.
 *   <li>Resume point. Transactional sink: {@code cp = sink.recover()}, which also discards
 *       anything the sink wrote after its last commit; the sink is the source of truth. Other
 *       sinks: {@code cp = store.latest()}, which fails (naming the file) on a corrupt checkpoint
 *       rather than fall back silently.
 *   <li>The guard restores {@code cp}'s state; per-partition positions and counters start from
 *       {@code cp}; the next checkpoint id is {@code cp.id + 1}.
 *   <li>The reader opens the source at {@code cp} and starts polling.
 * </ol>
 *
 * <h2>Each batch</h2>
 *
 * Every input record: counted, its position noted (the checkpoint covers it whatever happens to it
 * next), then the guard admits or drops it, then the transforms run; the outputs go to {@code
 * sink.write} in one call.
 *
 * <h2>Each checkpoint (when the trigger is due)</h2>
 *
 * <ul>
 *   <li>Transactional sink: {@code sink.commit(cp)}: data and checkpoint atomically; then {@code
 *       store.save(cp)} if a store mirrors it; then the source is told.
 *   <li>Other sinks: {@code sink.flush()}, then {@code store.save(cp)}, then the source is told.
 *       A crash between flush and save replays the interval: duplicates, never loss.
 * </ul>
 *
 * <h2>End</h2>
 *
 * On end of input or a stop request the reader sends END; the writer commits a final checkpoint
 * covering everything it received, lets the reader close the source, and closes the sink. On any
 * failure nothing more is committed: the reader is abandoned, both adapters are closed, and the
 * error is rethrown; the next run resumes from the last commit.
 */
final class DeliveryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

  /** How often the writer wakes to check time triggers while records await a checkpoint. */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How often the writer refreshes the published status between checkpoints. */
  private static final long STATUS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final MigrationConfig config;
  private final MigrationListener listener;
  private volatile ReaderLoop reader;
  private volatile boolean stopRequested;
  private volatile Thread writerThread;
  private volatile Handoff handoff;
  private final StatusBoard statusBoard;
  // The writer keeps retrying through a graceful stop: the final checkpoint still has to commit.
  private final Retrier writerRetrier;
  private final DeadLetterRoute deadLetterRoute;
  private final CompletableFuture<Optional<Checkpoint>> drain = new CompletableFuture<>();
  private volatile boolean drainRequested;

  // Writer-thread state for one run.
  private final LatencyRecorder latency = new LatencyRecorder();
  private Progress progress;
  private OrderingGuard guard;
  private BatchWriter writer;
  private long lastCheckpointNanos;
  private boolean densePositions;
  private long nextStatusRefresh;
  private Map<PartitionId, Position> drainTargets;

  DeliveryLoop(MigrationConfig config) {
    this.config = config;
    this.listener = config.listener();
    this.statusBoard =
        new StatusBoard(config.id(), config.caughtUpLag(), config.caughtUpFor(), listener);
    this.writerRetrier =
        new Retrier(config.retryPolicy(), listener, () -> false, statusBoard.retries());
    this.deadLetterRoute = config.deadLetters().map(DeadLetterRoute::new).orElse(null);
  }

  /** The current status; any thread. */
  MigrationStatus status() {
    return statusBoard.current();
  }

  /**
   * Asks the run to read up to where the source's partitions end now, commit there and stop. Any
   * thread. The future completes with the final checkpoint, or exceptionally if the run fails or
   * the source cannot tell where its partitions end.
   */
  CompletableFuture<Optional<Checkpoint>> requestDrain() {
    drainRequested = true;
    ReaderLoop current = reader;
    if (current != null) {
      current.requestDrain();
    }
    return drain;
  }

  /** Asks a running (or about to run) loop to stop gracefully. Any thread. */
  void requestStop() {
    stopRequested = true;
    statusBoard.stopping();
    ReaderLoop current = reader;
    if (current != null) {
      current.requestStop();
    }
  }

  boolean isWriterThread() {
    return Thread.currentThread() == writerThread;
  }

  MigrationResult run() {
    writerThread = Thread.currentThread();
    long startNanos = System.nanoTime();
    statusBoard.started(startNanos);
    Sink sink = config.sink();
    handoff = new Handoff(config.handoffCapacity(), config.handoffBytes());
    try {
      sink.open(new Context());
      Optional<Checkpoint> resumedFrom = resumePoint(sink);
      listener.onStarted(config.id(), resumedFrom);
      LOG.info(
          "migration {} starting ({}), resuming from {}",
          config.id(),
          config.guarantee(),
          resumedFrom.map(Checkpoint::toString).orElse("the beginning"));
      prepare(resumedFrom);
      if (deadLetterRoute != null) {
        Optional<Checkpoint> routed = deadLetterRoute.open(new Context());
        progress.continueAfter(deadLetterRoute.resume(resumedFrom, routed));
      }

      ReaderLoop readerLoop =
          new ReaderLoop(
              config.source(),
              new Context(),
              resumedFrom,
              handoff,
              config.batchSize(),
              config.pollTimeout(),
              new Retrier(
                  config.retryPolicy(),
                  listener,
                  () -> stopRequested || handoff.isAbandoned(),
                  statusBoard.retries()),
              statusBoard);
      reader = readerLoop;
      if (stopRequested) {
        readerLoop.requestStop();
      }
      if (drainRequested) {
        readerLoop.requestDrain();
      }
      statusBoard.refresh(progress, stopRequested, System.nanoTime());
      startReader(readerLoop);

      deliver(handoff, sink);
      if (progress.recordsPending() > 0) {
        checkpoint(sink);
      }
      readerLoop.writerDone();
      awaitReader(readerLoop);
      sink.close();
      if (deadLetterRoute != null) {
        deadLetterRoute.close();
      }
      Optional<Throwable> sourceCloseFailure = readerLoop.closeFailure();
      if (sourceCloseFailure.isPresent()) {
        if (sourceCloseFailure.get() instanceof Error fatal) {
          throw fatal;
        }
        throw new MigrationException(
            "closing source " + config.source() + " failed after the final checkpoint",
            sourceCloseFailure.get());
      }

      MigrationResult result =
          new MigrationResult(
              config.id(),
              resumedFrom,
              progress.lastCheckpoint(),
              progress.runRecords(),
              progress.runBytes(),
              writer.dropped(),
              progress.deadLetters(),
              progress.runCheckpoints(),
              Duration.ofNanos(System.nanoTime() - startNanos),
              latency.total(),
              readerLoop.reachedEndOfInput());
      LOG.info(
          "migration {} finished: {} records, {} checkpoints, last {}",
          config.id(),
          result.records(),
          result.checkpoints(),
          result.lastCheckpoint().map(Checkpoint::toString).orElse("none"));
      statusBoard.ended(progress, null);
      drain.complete(progress.lastCheckpoint());
      listener.onFinished(result);
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      MigrationException error =
          new MigrationException("migration " + config.id() + " interrupted; nothing more committed", e);
      abort(handoff, sink, error);
      throw error;
    } catch (RuntimeException | Error error) {
      abort(handoff, sink, error);
      throw error;
    }
  }

  private Optional<Checkpoint> resumePoint(Sink sink) {
    if (sink instanceof TransactionalSink transactional) {
      if (config.rollbackTo().isPresent()) {
        Checkpoint target = ((RewindableSink) sink).rollbackTo(config.rollbackTo().getAsLong());
        LOG.info("migration {} rolled its destination back to {}", config.id(), target);
      }
      return transactional.recover();
    }
    CheckpointStore store = config.checkpointStore().orElseThrow();
    if (config.rollbackTo().isPresent()) {
      Checkpoint target = store.rollbackTo(config.rollbackTo().getAsLong());
      LOG.info("migration {} rolled its checkpoints back to {}; what follows is replayed", config.id(), target);
    }
    return store.latest();
  }

  private void prepare(Optional<Checkpoint> resumedFrom) {
    // Asked once, before the reader thread owns the source.
    densePositions = config.source().positionsAreDense();
    guard = config.ordering().create(new Context());
    guard.restore(resumedFrom.map(Checkpoint::guardState).orElse(new byte[0]));
    progress = new Progress(resumedFrom);
    writer =
        new BatchWriter(
            config.transforms(), guard, progress, latency, deadLetterRoute, writerRetrier, listener);
    lastCheckpointNanos = System.nanoTime();
  }

  private void startReader(ReaderLoop readerLoop) {
    if (config.readerExecutor().isPresent()) {
      config.readerExecutor().get().execute(readerLoop);
    } else {
      Thread thread = new Thread(readerLoop, "migration-" + config.id() + "-reader");
      thread.start();
    }
  }

  private void deliver(Handoff handoff, Sink sink) throws InterruptedException {
    long idleWait = config.pollTimeout().toNanos();
    while (true) {
      long pending = progress.recordsPending();
      Object item = handoff.poll(pending > 0 ? TICK_NANOS : idleWait);
      if (item == Handoff.END) {
        return;
      }
      if (item instanceof Handoff.Failure failure) {
        throw rethrowable(failure.error());
      }
      if (item instanceof Handoff.DrainTargets drainAt) {
        startDrain(drainAt.targets());
        continue;
      }
      if (item instanceof Handoff.CheckpointRequest request) {
        if (progress.recordsPending() > 0) {
          checkpoint(sink);
        }
        progress.release(request.released());
        request.done().complete(progress.lastCheckpoint());
        if (drainTargets != null && !request.released().isEmpty()) {
          // Released partitions are drained by their new owner; waiting for them here never ends.
          drainTargets.keySet().removeAll(request.released());
          if (drained()) {
            requestStop();
          }
        }
        continue;
      }
      if (item != null) {
        @SuppressWarnings("unchecked")
        List<Record> batch = (List<Record>) item;
        writer.write(batch, handoff.polledBytes(), sink);
        if (drainTargets != null && drained()) {
          requestStop(); // the reader sends END; the final checkpoint lands on the targets
        }
      }
      long now = System.nanoTime();
      if (now >= nextStatusRefresh) {
        statusBoard.refresh(progress, stopRequested, now);
        nextStatusRefresh = now + STATUS_EVERY_NANOS;
      }
      pending = progress.recordsPending();
      if (pending > 0
          && config
              .checkpointTrigger()
              .isDue(pending, progress.bytesPending(), System.nanoTime() - lastCheckpointNanos)) {
        checkpoint(sink);
      }
    }
  }

  private void startDrain(Map<PartitionId, Position> targets) {
    if (targets.isEmpty()) {
      drain.completeExceptionally(
          new MigrationException(
              "source "
                  + config.source()
                  + " cannot tell where its partitions end (Source.endPositions() is empty), so"
                  + " migration "
                  + config.id()
                  + " cannot drain to a fixed position; it keeps running"));
      return;
    }
    drainTargets = new HashMap<>(targets);
    statusBoard.draining();
    statusBoard.refresh(progress, stopRequested, System.nanoTime());
    LOG.info("migration {} draining to {}", config.id(), targets);
    if (drained()) {
      requestStop();
    }
  }

  /** True once every drain target has been delivered. */
  private boolean drained() {
    for (Map.Entry<PartitionId, Position> target : drainTargets.entrySet()) {
      Position delivered = progress.position(target.getKey());
      if (delivered == null || delivered.compareTo(target.getValue()) < 0) {
        return false;
      }
    }
    return true;
  }

  private void checkpoint(Sink sink) {
    long started = System.nanoTime();
    Checkpoint checkpoint = progress.nextCheckpoint(guard.snapshot());

    Optional<CheckpointStore> store = config.checkpointStore();
    if (deadLetterRoute != null) {
      deadLetterRoute.commit(checkpoint, writerRetrier);
    }
    if (sink instanceof TransactionalSink transactional) {
      writerRetrier.run("sink.commit", () -> transactional.commit(checkpoint));
      store.ifPresent(s -> writerRetrier.run("store.save", () -> s.save(checkpoint)));
    } else {
      writerRetrier.run("sink.flush", sink::flush);
      CheckpointStore s = store.orElseThrow();
      writerRetrier.run("store.save", () -> s.save(checkpoint));
    }

    long now = System.nanoTime();
    LatencyRecorder.Interval intervalLatency = latency.commit(System.currentTimeMillis());
    reader.checkpointCommitted(checkpoint);
    CheckpointEvent event =
        new CheckpointEvent(
            checkpoint,
            Duration.ofNanos(now - started),
            progress.recordsPending(),
            progress.bytesPending(),
            intervalLatency.snapshot(),
            intervalLatency.histogram());
    progress.committed(checkpoint);
    lastCheckpointNanos = now;
    statusBoard.checkpointCommitted();
    statusBoard.refresh(progress, stopRequested, now);
    LOG.debug("migration {} committed {}", config.id(), checkpoint);
    listener.onCheckpointCommitted(event);
  }

  private void awaitReader(ReaderLoop readerLoop) throws InterruptedException {
    Duration limit = config.shutdownTimeout().plus(config.pollTimeout());
    if (!readerLoop.awaitExit(limit)) {
      throw new MigrationException(
          "reader of migration "
              + config.id()
              + " did not finish within "
              + limit
              + " (source "
              + config.source()
              + " blocked in poll or close?)");
    }
  }

  /** Stops everything without committing; errors while closing are attached to {@code error}. */
  private void abort(Handoff handoff, Sink sink, Throwable error) {
    handoff.abandon();
    try {
      statusBoard.ended(progress, error);
    } catch (Throwable listenerError) {
      suppress(error, listenerError);
    }
    drain.completeExceptionally(error);
    ReaderLoop readerLoop = reader;
    if (readerLoop != null) {
      readerLoop.requestStop();
      try {
        if (!readerLoop.awaitExit(config.shutdownTimeout().plus(config.pollTimeout()))) {
          error.addSuppressed(
              new MigrationException("reader did not exit after the failure; source left open"));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error.addSuppressed(e);
      }
      readerLoop.closeFailure().ifPresent(e -> suppress(error, e));
    }
    try {
      sink.close();
    } catch (Throwable closeError) {
      suppress(error, closeError);
    }
    if (deadLetterRoute != null) {
      try {
        deadLetterRoute.close();
      } catch (Throwable closeError) {
        suppress(error, closeError);
      }
    }
    // No stack trace here: the error is thrown to the caller of run(), who reports it.
    LOG.warn(
        "migration {} failed ({}); nothing after checkpoint {} was committed",
        config.id(),
        error.toString(),
        progress == null
            ? "(none read yet)"
            : progress.lastCheckpoint().map(cp -> Long.toString(cp.id())).orElse("none"));
    try {
      listener.onFailed(error);
    } catch (Throwable listenerError) {
      suppress(error, listenerError);
    }
  }

  /** Attaches a secondary failure, unless it is the primary one coming back a second way. */
  private static void suppress(Throwable primary, Throwable secondary) {
    if (secondary != primary) {
      primary.addSuppressed(secondary);
    }
  }

  private static RuntimeException rethrowable(Throwable error) {
    if (error instanceof RuntimeException runtime) {
      return runtime;
    }
    if (error instanceof Error fatal) {
      throw fatal;
    }
    return new MigrationException("source failed", error);
  }

  /** The narrow views the adapters and the guard get of the run. */
  private final class Context implements SourceContext, SinkContext, OrderingGuard.Context {
    @Override
    public String migrationId() {
      return config.id();
    }

    @Override
    public Optional<Checkpoint> commitAndRelease(Set<PartitionId> released) {
      return handoff.requestCheckpoint(released);
    }

    @Override
    public DeliveryGuarantee guarantee() {
      return config.guarantee();
    }

    @Override
    public boolean densePositions() {
      return densePositions;
    }

    @Override
    public void report(OrderingViolation violation) {
      listener.onOrderingViolation(violation);
    }
  }
}
