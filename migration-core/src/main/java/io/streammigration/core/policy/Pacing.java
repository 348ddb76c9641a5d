package io.streammigration.core.policy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Sinks;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Replays records at their original timing, for migrations into a test or shadow environment that
 * must see the stream as production did: a record whose source timestamp is {@code t} is written
 * {@code (t - t0) / speed} after the first record's, where {@code t0} is the first record's
 * timestamp. {@code speed} 1 is real time, 10 ten times faster.
 *
 * <p>Applied as a sink interceptor: it splits each batch where the next record is not yet due,
 * writes what is due, and waits; the sink sees the same records in the same order, in smaller
 * pieces. Waiting blocks the writer, which backs up the source: nothing is buffered. Records
 * whose timestamps go backwards are written at once. Pacing starts from the first record this
 * run writes, so a resumed run paces from where it resumes.
 *
 * <p>One instance per migration run; called on the writer thread.
 */
public final class Pacing {

  private final double speed;
  private final LongSupplier nanoClock;
  private long firstTimestamp = Long.MIN_VALUE;
  private long startNanos;

  private Pacing(double speed, LongSupplier nanoClock) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new MigrationConfigException("pacing.speed", "was " + speed + ", must be a positive finite factor");
    }
    this.speed = speed;
    this.nanoClock = nanoClock;
  }

  /** Pacing at {@code speed} times the original rate (1.0 is real time). */
  public static Pacing atSpeed(double speed) {
    return new Pacing(speed, System::nanoTime);
  }

  /** For tests: pacing on a supplied clock. */
  static Pacing atSpeed(double speed, LongSupplier nanoClock) {
    return new Pacing(speed, nanoClock);
  }

  /** {@code sink}, paced; keeps the {@link io.streammigration.core.spi.TransactionalSink} capability. */
  public Sink applyTo(Sink sink) {
    return Sinks.intercept(sink, interceptor());
  }

  /** The interceptor behind {@link #applyTo}, to combine with others. */
  public SinkInterceptor interceptor() {
    return new SinkInterceptor() {
      @Override
      public void write(List<Record> batch, Sink next) {
        int from = 0;
        for (int i = 0, n = batch.size(); i < n; i++) {
          long wait = nanosUntilDue(batch.get(i).timestamp());
          if (wait > 0) {
            if (i > from) {
              next.write(batch.subList(from, i));
              from = i;
            }
            sleep(nanosUntilDue(batch.get(i).timestamp()));
          }
        }
        if (from < batch.size()) {
          next.write(from == 0 ? batch : batch.subList(from, batch.size()));
        }
      }
    };
  }

  /** How long until a record with {@code timestamp} is due; starts the clock on the first call. */
  long nanosUntilDue(long timestamp) {
    long now = nanoClock.getAsLong();
    if (firstTimestamp == Long.MIN_VALUE) {
      firstTimestamp = timestamp;
      startNanos = now;
      return 0;
    }
    long offsetNanos = (long) (TimeUnit.MILLISECONDS.toNanos(timestamp - firstTimestamp) / speed);
    return startNanos + offsetNanos - now;
  }

  private static void sleep(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long remaining = nanos;
    while (remaining > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new MigrationException("interrupted while pacing");
      }
      remaining = deadline - System.nanoTime();
    }
  }

  @Override
  public String toString() {
    return "Pacing{speed=" + speed + "}";
  }
}
