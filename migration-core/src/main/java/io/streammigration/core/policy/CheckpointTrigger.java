package io.streammigration.core.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Decides when the engine takes a checkpoint, from what has happened since the last one. Combine
 * triggers with {@link #or} and {@link #and}:
 *
 * <pre>{@code
 * CheckpointTrigger.everyRecords(10_000).or(CheckpointTrigger.every(Duration.ofSeconds(1)))
 * }</pre>
 *
 * <p>The engine asks after every batch it writes and whenever it has waited a short while for the
 * next batch, so time triggers fire on an idle stream too. It never takes a checkpoint that would
 * cover no new record. Called on the writer thread; implementations must be cheap, must not block
 * and must not allocate.
 */
@FunctionalInterface
public interface CheckpointTrigger {

  /**
   * True if a checkpoint is due.
   *
   * @param records source records since the last checkpoint (at least 1 when asked)
   * @param bytes source bytes since the last checkpoint
   * @param elapsedNanos nanoseconds since the last checkpoint (or since the start)
   */
  boolean isDue(long records, long bytes, long elapsedNanos);

  /** Due once {@code n} records have arrived since the last checkpoint. */
  static CheckpointTrigger everyRecords(long n) {
    requirePositive("everyRecords", n);
    return (records, bytes, elapsed) -> records >= n;
  }

  /** Due once {@code n} bytes have arrived since the last checkpoint. */
  static CheckpointTrigger everyBytes(long n) {
    requirePositive("everyBytes", n);
    return (records, bytes, elapsed) -> bytes >= n;
  }

  /** Due once {@code interval} has passed since the last checkpoint. */
  static CheckpointTrigger every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("every: interval must be positive, was " + interval);
    }
    long nanos = interval.toNanos();
    return (records, bytes, elapsed) -> elapsed >= nanos;
  }

  /** Due after every batch: the smallest possible replay window, the highest commit cost. */
  static CheckpointTrigger everyBatch() {
    return (records, bytes, elapsed) -> true;
  }

  /** Due when this trigger or {@code other} is. */
  default CheckpointTrigger or(CheckpointTrigger other) {
    Objects.requireNonNull(other, "other");
    return (records, bytes, elapsed) ->
        isDue(records, bytes, elapsed) || other.isDue(records, bytes, elapsed);
  }

  /** Due when both this trigger and {@code other} are. */
  default CheckpointTrigger and(CheckpointTrigger other) {
    Objects.requireNonNull(other, "other");
    return (records, bytes, elapsed) ->
        isDue(records, bytes, elapsed) && other.isDue(records, bytes, elapsed);
  }

  private static void requirePositive(String name, long n) {
    if (n <= 0) {
      throw new IllegalArgumentException(name + ": must be positive, was " + n);
    }
  }
}
