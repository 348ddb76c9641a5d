package io.streammigration.core.engine;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a migration to completion through retriable failures by restarting it: each failed run is
 * abandoned and a fresh one, with fresh adapters from the caller's factory, resumes from the last
 * committed checkpoint. This is the same path as recovery after a crash, so every guarantee the
 * engine keeps across crashes it keeps across restarts: in EXACTLY_ONCE mode nothing is written
 * twice, because the new run's {@code sink.recover()} discards whatever the failed run left
 * uncommitted.
 *
 * <pre>{@code
 * MigrationResult result = RestartingMigration.of(
 *         () -> Migration.builder().source(newSource()).sink(newSink()).build(),
 *         RetryPolicy.ofDefaults())
 *     .run();
 * }</pre>
 *
 * <p>Only failures the policy deems {@linkplain RetryPolicy#isRestartable restartable} (retriable
 * ones, and {@link io.streammigration.core.error.RestartableMigrationException}s, which are never
 * retried within a run) restart the migration; any other error ends it at once. The attempt count starts again after every run that committed at least one checkpoint,
 * so a long migration that hits occasional transient errors is not given up on merely for being
 * long; the policy's elapsed-time bound still applies to a streak of failures without progress.
 *
 * <p>{@link #run()} runs on the caller's thread; {@link #close()}, from any thread, stops the
 * current run gracefully and starts no new one.
 */
public final class RestartingMigration implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RestartingMigration.class);

  private final Supplier<Migration> factory;
  private final RetryPolicy policy;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Migration current;
  private volatile int restarts;

  private RestartingMigration(Supplier<Migration> factory, RetryPolicy policy) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * @param factory builds a new migration, with new adapter instances, for each run
   * @param policy which failures restart the migration, how often and after what backoff
   */
  public static RestartingMigration of(Supplier<Migration> factory, RetryPolicy policy) {
    return new RestartingMigration(factory, policy);
  }

  /**
   * Runs migrations until one ends normally, and returns its result.
   *
   * @throws RuntimeException the failure of the last run, when it was not retriable or the policy
   *     gave up (earlier failures of the streak are attached as suppressed)
   */
  public MigrationResult run() {
    int attempt = 0;
    long streakStart = 0;
    RuntimeException streak = null;
    while (true) {
      if (closed.get()) {
        throw new IllegalStateException("restarting migration was closed; no run started");
      }
      Migration migration = factory.get();
      current = migration;
      try {
        return migration.run();
      } catch (RuntimeException e) {
        if (migration.status().checkpoints() > 0 || streak == null) {
          attempt = 0;
          streakStart = System.nanoTime();
          streak = null;
        }
        attempt++;
        if (streak != null && streak != e) {
          e.addSuppressed(streak);
        }
        streak = e;
        if (closed.get()
            || !policy.isRestartable(e)
            || !policy.allowsAnotherAttempt(attempt, System.nanoTime() - streakStart)) {
          throw e;
        }
        long backoff = policy.backoffNanos(attempt);
        restarts++;
        LOG.warn(
            "migration {} failed ({}); restarting from its last checkpoint in {} (attempt {})",
            migration.config().id(),
            e.toString(),
            Duration.ofNanos(backoff),
            attempt + 1);
        pause(backoff);
      }
    }
  }

  private void pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted while waiting to restart the migration", e);
    }
  }

  /** Runs started after the first, so far. */
  public int restarts() {
    return restarts;
  }

  /** The status of the current (or last) run, if one was started. */
  public java.util.Optional<MigrationStatus> status() {
    Migration m = current;
    return m == null ? java.util.Optional.empty() : java.util.Optional.of(m.status());
  }

  /** Stops the current run gracefully and starts no other. Idempotent; any thread. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Migration m = current;
      if (m != null) {
        m.close();
      }
    }
  }
}
