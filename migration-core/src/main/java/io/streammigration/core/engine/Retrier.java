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
    call(operation, returningNull(call));
  }

  <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return retry(operation, e, call);
    }
  }

  /**
   * Carries on from a first attempt the caller made itself, which failed with {@code first}: the
   * hot path's calls ({@code write} on every batch) make it directly, so that the common case
   * costs no lambda and no megamorphic call, and come here only when it fails.
   */
  void retryAfter(String operation, RuntimeException first, Runnable call) {
    retry(operation, first, returningNull(call));
  }

  private static Supplier<Void> returningNull(Runnable call) {
    return () -> {
      call.run();
      return null;
    };
  }

  /** Retries {@code call}, whose first attempt failed with {@code first}. */
  private <T> T retry(String operation, RuntimeException first, Supplier<T> call) {
    long firstFailure = System.nanoTime();
    RuntimeException failure = first;
    for (int attempt = 1; ; attempt++) {
      if (!policy.isRetriable(failure)
          || !policy.allowsAnotherAttempt(attempt, System.nanoTime() - firstFailure)
          || stopping.getAsBoolean()) {
        throw failure;
      }
      long backoff = policy.backoffNanos(attempt);
      retries.incrementAndGet();
      listener.onRetry(operation, attempt, failure, Duration.ofNanos(backoff));
      sleep(backoff, failure);
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (e != failure) {
          e.addSuppressed(failure);
        }
        failure = e;
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
