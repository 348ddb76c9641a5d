package io.streammigration.core.policy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Sinks;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Limits records per second and bytes per second (either, both, or neither), with limits that can
 * be changed while a migration runs (slow a migration down during peak hours without restarting
 * it).
 *
 * <p>Each limit is a token bucket in its GCRA form: a theoretical arrival time advances by the cost
 * of each acquisition, and a caller waits until that time is within one burst of now. The burst is
 * {@link #BURST} of the rate, so a throttled migration's rate stays at the limit over any window
 * much longer than the burst, while single batches are not delayed needlessly.
 *
 * <p>Throttling applies backpressure: {@link #acquire} blocks the writer thread, the hand-off fills,
 * and the reader stops polling. Nothing is buffered.
 *
 * <p>Thread-safe. {@link #acquire} is meant for one writer thread; the setters may be called from
 * any thread at any time and take effect at the next acquisition.
 */
public final class Throttle {

  /** The burst a limit allows, as a fraction of a second of its rate. */
  public static final double BURST = 0.05;

  /** A rate that means "no limit". */
  public static final double UNLIMITED = Double.POSITIVE_INFINITY;

  private final Bucket records;
  private final Bucket bytes;
  private final AtomicLong waitedNanos = new AtomicLong();

  private Throttle(double recordsPerSecond, double bytesPerSecond) {
    this.records = new Bucket("recordsPerSecond", recordsPerSecond);
    this.bytes = new Bucket("bytesPerSecond", bytesPerSecond);
  }

  /** A throttle with the given limits; pass {@link #UNLIMITED} for no limit. */
  public static Throttle of(double recordsPerSecond, double bytesPerSecond) {
    return new Throttle(recordsPerSecond, bytesPerSecond);
  }

  /** Limits records per second only. */
  public static Throttle recordsPerSecond(double limit) {
    return new Throttle(limit, UNLIMITED);
  }

  /** Limits bytes per second only. */
  public static Throttle bytesPerSecond(double limit) {
    return new Throttle(UNLIMITED, limit);
  }

  /** Changes the record limit; takes effect at the next acquisition. */
  public void setRecordsPerSecond(double limit) {
    records.setRate(limit);
  }

  /** Changes the byte limit; takes effect at the next acquisition. */
  public void setBytesPerSecond(double limit) {
    bytes.setRate(limit);
  }

  public double recordsPerSecond() {
    return records.rate;
  }

  public double bytesPerSecond() {
    return bytes.rate;
  }

  /**
   * Blocks until {@code recordCount} records of {@code byteCount} bytes may pass, and returns how
   * long it waited in nanoseconds.
   *
   * @throws MigrationException if interrupted while waiting (the interrupt flag is kept)
   */
  public long acquire(long recordCount, long byteCount) {
    long now = System.nanoTime();
    long until = reserve(recordCount, byteCount, now);
    long waited = 0;
    long remaining = until - now;
    while (remaining > 0) {
      LockSupport.parkNanos(this, remaining);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new MigrationException("interrupted while throttled");
      }
      long after = System.nanoTime();
      waited += after - now;
      now = after;
      remaining = until - now;
    }
    if (waited > 0) {
      waitedNanos.addAndGet(waited);
    }
    return waited;
  }

  /** Total time callers have spent waiting in {@link #acquire}, in nanoseconds; any thread. */
  public long waitedNanos() {
    return waitedNanos.get();
  }

  /** Reserves capacity at time {@code now} and returns when the caller may proceed. */
  long reserve(long recordCount, long byteCount, long now) {
    return Math.max(records.reserve(recordCount, now), bytes.reserve(byteCount, now));
  }

  /**
   * A sink that acquires each batch from this throttle before writing it. Keeps the {@link
   * io.streammigration.core.spi.TransactionalSink} capability of {@code sink}.
   */
  public Sink applyTo(Sink sink) {
    return Sinks.intercept(sink, interceptor());
  }

  /** The interceptor behind {@link #applyTo}, to combine with others. */
  public SinkInterceptor interceptor() {
    return new SinkInterceptor() {
      @Override
      public void write(List<Record> batch, Sink next) {
        long size = 0;
        for (int i = 0, n = batch.size(); i < n; i++) {
          size += batch.get(i).sizeInBytes();
        }
        acquire(batch.size(), size);
        next.write(batch);
      }
    };
  }

  @Override
  public String toString() {
    return "Throttle{recordsPerSecond=" + records.rate + ", bytesPerSecond=" + bytes.rate + "}";
  }

  /** One limit: a theoretical arrival time that each acquisition pushes forward. */
  private static final class Bucket {
    private final String name;
    private volatile double rate;
    private long arrivalNanos = Long.MIN_VALUE;

    Bucket(String name, double rate) {
      this.name = name;
      setRate(rate);
    }

    void setRate(double limit) {
      if (!(limit > 0)) {
        throw new MigrationConfigException(
            name, "was " + limit + ", must be positive (or Throttle.UNLIMITED)");
      }
      this.rate = limit;
    }

    /** Reserves {@code amount} units now; returns the time the caller may proceed. */
    synchronized long reserve(long amount, long now) {
      double current = rate;
      if (current == UNLIMITED || amount == 0) {
        return now;
      }
      long burstNanos = (long) (BURST * TimeUnit.SECONDS.toNanos(1));
      // An idle period earns at most one burst of credit, never an unbounded backlog.
      long start = arrivalNanos == Long.MIN_VALUE ? now : Math.max(arrivalNanos, now);
      arrivalNanos = start + (long) (amount * 1e9 / current);
      return arrivalNanos - burstNanos;
    }
  }
}
