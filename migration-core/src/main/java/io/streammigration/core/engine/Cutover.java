package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationConfigException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a running migration's consumers and producers to the new destination, in the one order
 * that loses nothing: wait until the migration has caught up, let the service stop writing to the
 * old stream ({@link CutoverHook#beforeDrain}), drain to where the old stream now ends and stop
 * there with a final checkpoint, then let the service point its readers at the new destination
 * ({@link CutoverHook#afterDrain}).
 *
 * <pre>{@code
 * CompletableFuture<MigrationResult> running = migration.start(executor);
 * CutoverResult cutover = Cutover.of(migration)
 *     .caughtUpWhen(1_000, Duration.ofSeconds(30))   // lag <= 1,000 for 30 s
 *     .waitAtMost(Duration.ofHours(6))
 *     .hook(new CutoverHook() {
 *       public void beforeDrain(MigrationStatus status) { producers.switchTo(newTopic); }
 *       public void afterDrain(Checkpoint end) { consumers.startAt(newTopic, end); }
 *     })
 *     .run();
 * }</pre>
 *
 * <p>The lag is measured from the source's {@link io.streammigration.core.spi.Source#endPositions()
 * end positions}; a source that cannot tell where its partitions end is never caught up, so the
 * cutover ends {@link CutoverResult.Outcome#NOT_CAUGHT_UP} without calling the hook, rather than
 * promising an end it cannot fix.
 *
 * <p><b>Threads.</b> {@link #run()} blocks the calling thread, which must not be the migration's
 * own; the hook runs on it. A cutover runs at most once.
 */
public final class Cutover {

  private static final Logger LOG = LoggerFactory.getLogger(Cutover.class);

  private final Migration migration;
  private final long maxLag;
  private final Duration sustainedFor;
  private final Duration waitAtMost;
  private final Duration drainTimeout;
  private final CutoverHook hook;

  private Cutover(Builder b) {
    this.migration = b.migration;
    this.maxLag = b.maxLag;
    this.sustainedFor = b.sustainedFor;
    this.waitAtMost = b.waitAtMost;
    this.drainTimeout = b.drainTimeout;
    this.hook = b.hook;
  }

  /** A cutover of {@code migration}, which must have been started. */
  public static Builder of(Migration migration) {
    return new Builder(migration);
  }

  /**
   * Runs the cutover: waits to catch up, calls {@code beforeDrain}, drains and stops the
   * migration, calls {@code afterDrain}.
   *
   * @return COMPLETED with the end, or NOT_CAUGHT_UP (the migration keeps running, the hook was not
   *     called)
   * @throws CutoverException if the hook or the drain failed; its {@link CutoverException#stage()}
   *     says what state everything is in
   * @throws io.streammigration.core.error.MigrationException if the migration failed or ended while
   *     the cutover waited for it to catch up
   */
  public CutoverResult run() {
    String id = migration.config().id();
    long startNanos = System.nanoTime();
    boolean caughtUp = migration.awaitCaughtUp(maxLag, sustainedFor, waitAtMost);
    Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
    MigrationStatus status = migration.status();
    if (!caughtUp) {
      LOG.info(
          "cutover of migration {} not started: lag {} did not stay <= {} for {} within {}",
          id,
          status.lag().isPresent() ? status.lag().getAsLong() : "unknown",
          maxLag,
          sustainedFor,
          waitAtMost);
      return new CutoverResult(
          CutoverResult.Outcome.NOT_CAUGHT_UP, Optional.empty(), status, waited, Duration.ZERO);
    }
    LOG.info("migration {} caught up after {} (lag {}): calling beforeDrain", id, waited, status.lag());
    try {
      hook.beforeDrain(status);
    } catch (Exception e) {
      throw new CutoverException(
          "cutover of migration " + id + " aborted: beforeDrain failed (" + e + "); the migration keeps running",
          CutoverException.Stage.BEFORE_DRAIN,
          null,
          e);
    }
    long drainStart = System.nanoTime();
    Optional<Checkpoint> end;
    try {
      end = migration.drainAndStop(drainTimeout);
    } catch (RuntimeException e) {
      throw new CutoverException(
          "cutover of migration " + id + ": the drain failed after beforeDrain switched the writers: " + e.getMessage(),
          CutoverException.Stage.DRAIN,
          null,
          e);
    }
    Duration drainTook = Duration.ofNanos(System.nanoTime() - drainStart);
    LOG.info(
        "migration {} drained in {} and stopped at {}",
        id,
        drainTook,
        end.map(c -> "checkpoint " + c.id() + " " + c.positions()).orElse("no checkpoint (nothing migrated)"));
    try {
      hook.afterDrain(end.orElse(null));
    } catch (Exception e) {
      throw new CutoverException(
          "cutover of migration " + id + ": drained and stopped"
              + end.map(c -> " at checkpoint " + c.id()).orElse("")
              + ", but afterDrain failed: " + e,
          CutoverException.Stage.AFTER_DRAIN,
          end.orElse(null),
          e);
    }
    return new CutoverResult(CutoverResult.Outcome.COMPLETED, end, status, waited, drainTook);
  }

  /** Configures a {@link Cutover}. Not thread-safe. */
  public static final class Builder {
    private final Migration migration;
    private long maxLag = -1;
    private Duration sustainedFor;
    private Duration waitAtMost = Duration.ofHours(1);
    private Duration drainTimeout = Duration.ofMinutes(5);
    private CutoverHook hook;

    private Builder(Migration migration) {
      this.migration = Objects.requireNonNull(migration, "migration");
    }

    /**
     * Caught up means a total lag of at most {@code maxLag} (source position units: offsets for
     * Kafka, bytes for files) held for {@code sustainedFor}. Required.
     */
    public Builder caughtUpWhen(long maxLag, Duration sustainedFor) {
      if (maxLag < 0) {
        throw new MigrationConfigException("caughtUpWhen", "maxLag must be >= 0, was " + maxLag);
      }
      requirePositiveOrZero("caughtUpWhen", sustainedFor);
      this.maxLag = maxLag;
      this.sustainedFor = sustainedFor;
      return this;
    }

    /** How long to wait for the migration to catch up before giving up. Default 1 hour. */
    public Builder waitAtMost(Duration timeout) {
      requirePositiveOrZero("waitAtMost", timeout);
      this.waitAtMost = timeout;
      return this;
    }

    /** How long the drain may take once the writers switched. Default 5 minutes. */
    public Builder drainTimeout(Duration timeout) {
      requirePositiveOrZero("drainTimeout", timeout);
      this.drainTimeout = timeout;
      return this;
    }

    /** What the service does around the drain. Required. */
    public Builder hook(CutoverHook hook) {
      this.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Validates and builds. */
    public Cutover build() {
      if (maxLag < 0) {
        throw new MigrationConfigException("caughtUpWhen", "required: when is the migration caught up?");
      }
      if (hook == null) {
        throw new MigrationConfigException("hook", "required: what the service does at cutover");
      }
      return new Cutover(this);
    }

    /** Builds and runs: {@code build().run()}. */
    public CutoverResult run() {
      return build().run();
    }

    private static void requirePositiveOrZero(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new MigrationConfigException(what, "must not be negative, was " + d);
      }
    }
  }
}
