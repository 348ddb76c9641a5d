package io.streammigration.core.policy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.RestartableMigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often a failed operation is tried again: exponential backoff with jitter, bounded
 * by a number of attempts and by the time elapsed since the first failure.
 *
 * <p>Only {@link RetriableMigrationException} (which adapters throw, or subclass, to mark a
 * transient failure) is retried; every other error fails fast with its cause. Immutable and
 * thread-safe; built by {@link #builder()}, which validates each setting.
 *
 * <pre>{@code
 * RetryPolicy.builder()
 *     .initialBackoff(Duration.ofMillis(100))
 *     .maxBackoff(Duration.ofSeconds(10))
 *     .maxAttempts(10)
 *     .maxElapsed(Duration.ofMinutes(2))
 *     .build();
 * }</pre>
 *
 * <p>Defaults ({@link #ofDefaults()}): initial backoff 100 ms, multiplier 2, max backoff 10 s,
 * jitter 0.2, 10 attempts, 2 minutes elapsed.
 */
public final class RetryPolicy {

  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;
  private final double jitter;
  private final int maxAttempts;
  private final Duration maxElapsed;

  private RetryPolicy(Builder b) {
    this.initialBackoff = positive("retry.initialBackoff", b.initialBackoff);
    this.maxBackoff = positive("retry.maxBackoff", b.maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new MigrationConfigException(
          "retry.maxBackoff",
          "was " + maxBackoff + ", must be at least retry.initialBackoff " + initialBackoff);
    }
    if (!(b.multiplier >= 1.0 && b.multiplier <= 100.0)) {
      throw new MigrationConfigException(
          "retry.multiplier", "was " + b.multiplier + ", allowed range is 1.0 to 100.0");
    }
    this.multiplier = b.multiplier;
    if (!(b.jitter >= 0.0 && b.jitter <= 1.0)) {
      throw new MigrationConfigException(
          "retry.jitter", "was " + b.jitter + ", allowed range is 0.0 to 1.0");
    }
    this.jitter = b.jitter;
    if (b.maxAttempts < 1 || b.maxAttempts > 1_000_000) {
      throw new MigrationConfigException(
          "retry.maxAttempts", "was " + b.maxAttempts + ", allowed range is 1 to 1000000");
    }
    this.maxAttempts = b.maxAttempts;
    this.maxElapsed = positive("retry.maxElapsed", b.maxElapsed);
  }

  private static Duration positive(String setting, Duration value) {
    if (value == null) {
      throw new MigrationConfigException(setting, "is required");
    }
    if (value.isZero() || value.isNegative()) {
      throw new MigrationConfigException(setting, "was " + value + ", must be positive");
    }
    return value;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default policy (see the class description). */
  public static RetryPolicy ofDefaults() {
    return builder().build();
  }

  /** Never retries: the first failure is final. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** True if {@code error} is of a kind this policy retries, within a run or by a new run. */
  public boolean isRetriable(Throwable error) {
    return error instanceof RetriableMigrationException;
  }

  /**
   * True if a new run may follow a run that failed with {@code error}: a retriable failure, or a
   * {@link RestartableMigrationException}, which ends the run but is never retried within it.
   */
  public boolean isRestartable(Throwable error) {
    return isRetriable(error) || error instanceof RestartableMigrationException;
  }

  /**
   * True if a failure on attempt {@code attempt} (1 for the first try), {@code elapsedNanos} after
   * the first failure, may be tried again.
   */
  public boolean allowsAnotherAttempt(int attempt, long elapsedNanos) {
    return attempt < maxAttempts && elapsedNanos < maxElapsed.toNanos();
  }

  /**
   * The wait before attempt {@code attempt + 1}: {@code initial * multiplier^(attempt-1)}, capped
   * at the max backoff, then spread by up to {@code ±jitter} of itself so that many clients failing
   * together do not retry together.
   */
  public long backoffNanos(int attempt) {
    double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, maxBackoff.toNanos());
    double spread = jitter == 0 ? 0 : (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
    return Math.max(0, (long) (capped * (1 + spread)));
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration maxElapsed() {
    return maxElapsed;
  }

  @Override
  public String toString() {
    return "RetryPolicy{initialBackoff="
        + initialBackoff
        + ", multiplier="
        + multiplier
        + ", maxBackoff="
        + maxBackoff
        + ", jitter="
        + jitter
        + ", maxAttempts="
        + maxAttempts
        + ", maxElapsed="
        + maxElapsed
        + "}";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration initialBackoff = Duration.ofMillis(100);
    private double multiplier = 2.0;
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double jitter = 0.2;
    private int maxAttempts = 10;
    private Duration maxElapsed = Duration.ofMinutes(2);

    private Builder() {}

    /** Wait before the first retry. Default 100 ms. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Growth of the wait per attempt, 1.0 to 100.0. Default 2. */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** Longest wait between attempts. Default 10 s. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Random spread of each wait, as a fraction of it, 0.0 to 1.0. Default 0.2. */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Most tries in all, the first included, 1 to 1,000,000. Default 10. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /** Longest time from the first failure after which no retry starts. Default 2 min. */
    public Builder maxElapsed(Duration elapsed) {
      this.maxElapsed = Objects.requireNonNull(elapsed, "elapsed");
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
