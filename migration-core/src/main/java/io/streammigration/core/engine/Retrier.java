package io.streammigration.core.engine;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs one idempotent adapter call under the retry policy: a retriable failure is retried after
 * the policy's backoff until it succeeds, the policy gives up (the last failure is thrown, with
 * the earlier ones suppressed), or the run is stopping.
 *
 * <p>Only calls that may safely be repeated go through here: {@code poll}, {@code flush}, {@code
 * commit} (idempotent by contract), {@code store.save}, and {@code write} on a non-transactional
 * sink (a repeated batch is a duplicate, which at-least-once allows). A failed {@code write} on a
 * transactional sink is not retried here: a partly written batch would be committed twice, so
 * the run fails and a restart from the last commit (see {@link RestartingMigration}) repairs it.
 */
final class Retrier {

  private final RetryPolicy policy;
  private final MigrationListener listener;
  private final BooleanSupplier stopping;
  private final AtomicLong retries;

  Retrier(RetryPolicy policy, MigrationListener listener, BooleanSupplier stopping, AtomicLong retries) {
    this.policy = policy;
    this.listener = listener;
    this.stopping = stopping;
    this.retries = retries;
  }

  void run(String operation, Runnable call) {
    call(
        operation,
        () -> {
          call.run();
          return null;
        });
  }

  <T> T call(String operation, Supplier<T> call) {
    long firstFailure = 0;
    RuntimeException failure = null;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (failure == null) {
          firstFailure = System.nanoTime();
          failure = e;
        } else if (e != failure) {
          e.addSuppressed(failure);
          failure = e;
        }
        if (!policy.isRetriable(e)
            || !policy.allowsAnotherAttempt(attempt, System.nanoTime() - firstFailure)
            || stopping.getAsBoolean()) {
          throw e;
        }
        long backoff = policy.backoffNanos(attempt);
        retries.incrementAndGet();
        listener.onRetry(operation, attempt, e, Duration.ofNanos(backoff));
        sleep(backoff, e);
      }
    }
  }

  private void sleep(long nanos, RuntimeException cause) {
    long deadline = System.nanoTime() + nanos;
    long remaining = nanos;
    while (remaining > 0 && !stopping.getAsBoolean()) {
      LockSupport.parkNanos(this, Math.min(remaining, 10_000_000L));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        MigrationException interrupted = new MigrationException("interrupted during retry backoff", cause);
        throw interrupted;
      }
      remaining = deadline - System.nanoTime();
    }
  }
}
