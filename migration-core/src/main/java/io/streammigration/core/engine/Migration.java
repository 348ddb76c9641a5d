package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.DeadLetterPolicy;
import io.streammigration.core.policy.RetryPolicy;
import io.streammigration.core.spi.CheckpointStore;
import io.streammigration.core.spi.OrderingGuard;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.Transform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A migration from one source to one sink: the entry point of the SDK.
 *
 * <pre>{@code
 * try (Migration migration = Migration.builder()
 *     .id("orders-to-archive")
 *     .source(source)
 *     .sink(transactionalSink)
 *     .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *     .checkpointTrigger(CheckpointTrigger.every(Duration.ofMillis(100)))
 *     .build()) {
 *   MigrationResult result = migration.run();
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #builder()} ... {@link Builder#build()} validates the configuration.
 *   <li>{@link #run()} (blocking, on the caller's thread) or {@link #start(Executor)} (on a thread
 *       of the caller's executor). A migration runs once.
 *   <li>The run ends when a bounded source reports end of input, when {@link #close()} stops it
 *       (both commit a final checkpoint), or when an error fails it (nothing after the last
 *       checkpoint is committed; the error is thrown from {@code run()}).
 *   <li>{@link #close()}: idempotent, may be called from any thread; stops a running migration
 *       gracefully and waits for it to end.
 * </ol>
 *
 * <p><b>Threads.</b> The writer side (guard, transforms, sink, checkpoints, listener) runs on the
 * thread that calls {@code run()}. The reader side (the source) runs on the executor given to
 * {@link Builder#readerExecutor}, or else on one thread that {@code run()} starts and that ends with
 * it. The engine keeps no other threads and no pools. The two sides exchange whole batches through
 * a bounded hand-off, so a slow sink slows the source instead of filling the heap.
 */
public final class Migration implements AutoCloseable {

  private static final long AWAIT_POLL_MILLIS = 10;

  private final MigrationConfig config;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final DeliveryLoop loop;

  private Migration(MigrationConfig config) {
    this.config = config;
    this.loop = new DeliveryLoop(config);
  }

  /** A builder with the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The validated configuration. */
  public MigrationConfig config() {
    return config;
  }

  /** A snapshot of the migration's state; any thread, at any time. */
  public MigrationStatus status() {
    return loop.status();
  }

  /**
   * Waits until the migration's total lag has stayed at or under {@code maxLag} (the source's
   * position units) for {@code sustainedFor}: the moment to cut over. Any thread.
   *
   * <p>A source that cannot tell where its partitions end has no lag to measure (its status stays
   * RUNNING), so this waits out the timeout and returns false.
   *
   * @return true once caught up; false if {@code timeout} passed first
   * @throws MigrationException if the run failed or ended
   */
  public boolean awaitCaughtUp(long maxLag, Duration sustainedFor, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lowSince = -1;
    while (true) {
      MigrationStatus status = status();
      if (!status.isActive()) {
        throw new MigrationException(
            "migration " + config.id() + " is " + status.phase() + status.failure().map(f -> ": " + f).orElse(""));
      }
      long now = System.nanoTime();
      if (status.lag().isPresent() && status.lag().getAsLong() <= maxLag) {
        lowSince = lowSince < 0 ? now : lowSince;
        if (now - lowSince >= sustainedFor.toNanos()) {
          return true;
        }
      } else {
        lowSince = -1;
      }
      if (now >= deadline) {
        return false;
      }
      sleepQuietly(AWAIT_POLL_MILLIS);
    }
  }

  /**
   * Cutover's last step: fixes where each source partition ends right now, reads up to exactly
   * there, commits a final checkpoint on those positions and stops. Records appended after that
   * moment are not delivered, and no checkpoint covers them, so a later run starts with them.
   * Blocks until the run has ended, at most {@code timeout}. Any thread but the run's own.
   *
   * @return the final checkpoint: the exact end of the old stream as migrated
   * @throws MigrationException if the source cannot tell where its partitions end (the migration
   *     keeps running), if the run fails, or if {@code timeout} passes first (the drain goes on)
   */
  public Optional<Checkpoint> drainAndStop(Duration timeout) {
    if (!started.get()) {
      throw new IllegalStateException("migration " + config.id() + " is not running");
    }
    try {
      Optional<Checkpoint> end =
          loop.requestDrain().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      finished.await(config.shutdownTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return end;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof MigrationException m
          ? m
          : new MigrationException("drain of migration " + config.id() + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new MigrationException(
          "migration " + config.id() + " did not finish draining within " + timeout + "; it goes on");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted while draining migration " + config.id(), e);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted while waiting for the migration to catch up", e);
    }
  }

  /**
   * Runs the migration on the calling thread until a bounded source ends or {@link #close()} is
   * called, and returns what it did.
   *
   * @throws io.streammigration.core.error.MigrationException if the migration fails; nothing after
   *     the last checkpoint is committed
   * @throws IllegalStateException if the migration already ran or was closed
   */
  public MigrationResult run() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "migration " + config.id() + " already ran or was closed; build a new one to run again");
    }
    try {
      return loop.run();
    } finally {
      finished.countDown();
    }
  }

  /**
   * Runs the migration on a thread of {@code executor}; the future completes with the result, or
   * exceptionally with the failure.
   */
  public CompletableFuture<MigrationResult> start(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return CompletableFuture.supplyAsync(this::run, executor);
  }

  /**
   * Stops the migration gracefully: the reader stops polling, everything already read is written
   * and covered by a final checkpoint, then the adapters are closed. Blocks until the run has
   * ended, at most the configured shutdown timeout. Idempotent; a migration that never ran just
   * becomes unable to run.
   *
   * @throws MigrationException if the run did not end within the shutdown timeout
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    loop.requestStop();
    if (!started.get() || loop.isWriterThread()) {
      return;
    }
    try {
      if (!finished.await(config.shutdownTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        throw new MigrationException(
            "migration "
                + config.id()
                + " did not stop within shutdownTimeout "
                + config.shutdownTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted while closing migration " + config.id(), e);
    }
  }

  /**
   * Builds a {@link Migration}. Required: {@link #source}, {@link #sink}, and for AT_LEAST_ONCE a
   * {@link #checkpointStore}. Not thread-safe.
   */
  public static final class Builder {
    String id = "migration";
    Source source;
    Sink sink;
    DeliveryGuarantee guarantee = DeliveryGuarantee.EXACTLY_ONCE;
    CheckpointStore checkpointStore;
    CheckpointTrigger checkpointTrigger =
        CheckpointTrigger.everyRecords(100_000).or(CheckpointTrigger.every(Duration.ofSeconds(1)));
    int batchSize = 1_000;
    int handoffCapacity = 64;
    long handoffBytes = 8L << 20;
    Duration pollTimeout = Duration.ofMillis(100);
    Duration shutdownTimeout = Duration.ofSeconds(30);
    OrderingGuard.Factory ordering = Ordering.none();
    final List<Transform> transforms = new ArrayList<>();
    MigrationListener listener = MigrationListener.NONE;
    Executor readerExecutor;
    RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    DeadLetterPolicy deadLetters;
    OptionalLong rollbackTo = OptionalLong.empty();
    long caughtUpLag = 1_000;
    Duration caughtUpFor = Duration.ofSeconds(1);

    private Builder() {}

    /** Names the migration (1 to 128 of {@code A-Z a-z 0-9 . _ -}). Default {@code migration}. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Where records come from. Required. */
    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    /** Where records go. Required; must be a TransactionalSink for EXACTLY_ONCE. */
    public Builder sink(Sink sink) {
      this.sink = sink;
      return this;
    }

    /** The delivery guarantee. Default EXACTLY_ONCE. */
    public Builder guarantee(DeliveryGuarantee guarantee) {
      this.guarantee = guarantee;
      return this;
    }

    /**
     * Where checkpoints are kept: required when the sink is not transactional (it is then the
     * source of truth for resume); optional with a {@link
     * io.streammigration.core.spi.TransactionalSink}, where it mirrors each checkpoint the sink
     * commits. Default none.
     */
    public Builder checkpointStore(CheckpointStore store) {
      this.checkpointStore = store;
      return this;
    }

    /** When to checkpoint. Default: every 100,000 records or every second, whichever is first. */
    public Builder checkpointTrigger(CheckpointTrigger trigger) {
      this.checkpointTrigger = trigger;
      return this;
    }

    /** Most records per source poll, 1 to 1,000,000. Default 1,000. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Most batches waiting between reader and writer, 1 to 1,024. Default 64. The reader waits
     * once either this or {@link #handoffBytes} is reached, so records in flight number at most
     * {@code (handoffCapacity + 2) * batchSize}, and their bytes at most {@code handoffBytes} plus
     * three batches (one over the bound, one being read, one being written).
     *
     * <p>A deeper hand-off costs fewer thread wake-ups: with 100-byte records the engine moves
     * about a quarter more at 64 than at 8, because the reader, woken at half full, refills more
     * batches per wake-up and the writer runs dry less often. Small records reach this bound,
     * large ones the byte bound first. What is queued is written before a stop or a drain
     * completes; a consumer-group revocation drops the queued records of the partitions it takes
     * away instead (their new owner reads them), so depth does not hold rebalances up. Lower it
     * to make a graceful stop quicker over a slow sink.
     */
    public Builder handoffCapacity(int capacity) {
      this.handoffCapacity = capacity;
      return this;
    }

    /**
     * Most record bytes ({@link io.streammigration.core.record.Record#sizeInBytes()}: key, value
     * and headers) waiting between reader and writer, 1 KiB to 1 GiB. Default 8 MiB. With large
     * records this is the bound that holds, with small ones {@link #handoffCapacity}: 1,000-record
     * batches of 1 KB records reach 8 MiB at 8 batches, of 10 KB records at one, so large records
     * cannot fill the heap with a batch-count bound sized for small ones.
     */
    public Builder handoffBytes(long bytes) {
      this.handoffBytes = bytes;
      return this;
    }

    /** How long one poll waits for records, 1 ms to 1 min. Default 100 ms. */
    public Builder pollTimeout(Duration timeout) {
      this.pollTimeout = timeout;
      return this;
    }

    /** How long {@code close()} waits for the run to stop, 1 ms to 1 h. Default 30 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * The ordering guard: usually an {@link Ordering} ({@code Ordering.perPartition()}, ...), whose
     * {@code stampProvenance(true)} also puts {@link io.streammigration.core.ordering.Provenance}
     * headers on every record before the other transforms. Default {@link Ordering#none()}: records
     * are not checked.
     */
    public Builder ordering(OrderingGuard.Factory ordering) {
      this.ordering = ordering;
      return this;
    }

    /** Appends a transform; transforms run in the order added, after the ordering guard. */
    public Builder transform(Transform transform) {
      transforms.add(Objects.requireNonNull(transform, "transform"));
      return this;
    }

    /** Receives events and metrics. Default {@link MigrationListener#NONE}. */
    public Builder listener(MigrationListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Where the reader side runs. It occupies one thread of the executor for the whole run. Default:
     * a thread named {@code migration-<id>-reader}, started by {@code run()} and ended with it.
     */
    public Builder readerExecutor(Executor executor) {
      this.readerExecutor = executor;
      return this;
    }

    /**
     * How adapter calls that may safely be repeated ({@code poll}, {@code flush}, {@code commit},
     * {@code store.save}, and {@code write} on a non-transactional sink) are retried when they
     * throw a {@link io.streammigration.core.error.RetriableMigrationException}. Other errors,
     * and a failed write on a transactional sink, fail the run; {@link RestartingMigration}
     * restarts such runs from their last commit. Default {@link RetryPolicy#ofDefaults()}.
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = policy;
      return this;
    }

    /**
     * Where records that a transform rejects ({@link
     * io.streammigration.core.error.RecordRejectedException}) go, and how many are tolerated.
     * Default none: a rejected record fails the run. With EXACTLY_ONCE the dead-letter sink must
     * be transactional.
     */
    public Builder deadLetters(DeadLetterPolicy policy) {
      this.deadLetters = policy;
      return this;
    }

    /**
     * Rolls the destination back to the committed checkpoint {@code checkpointId} before the run
     * resumes from it. With a transactional sink, the sink must be a {@link
     * io.streammigration.core.spi.RewindableSink}, which forgets everything committed after that
     * checkpoint (otherwise the build fails, naming the sink); with another sink the checkpoint
     * store is rolled back and the records after it are delivered again (at-least-once). Default:
     * no rollback.
     */
    public Builder rollbackTo(long checkpointId) {
      this.rollbackTo = OptionalLong.of(checkpointId);
      return this;
    }

    /**
     * When the status reports CAUGHT_UP rather than BACKFILL: total lag, in the source's position
     * units, at or under {@code maxLag} for at least {@code sustainedFor}. Only for sources that
     * report {@code endPositions()}. Default 1,000 for 1 s.
     */
    public Builder caughtUpThreshold(long maxLag, Duration sustainedFor) {
      this.caughtUpLag = maxLag;
      this.caughtUpFor = sustainedFor;
      return this;
    }

    /**
     * Validates the settings and returns the migration.
     *
     * @throws io.streammigration.core.error.MigrationConfigException naming the invalid setting
     */
    public Migration build() {
      return new Migration(new MigrationConfig(this));
    }
  }
}
