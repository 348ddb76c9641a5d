package io.streammigration.core.policy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.spi.Sink;
import java.util.Objects;

/**
 * Where records that cannot be migrated go, and how many of them a migration tolerates.
 *
 * <p>A record is a dead letter when a transform rejects it with {@link
 * io.streammigration.core.error.RecordRejectedException}. The engine writes the record as the
 * source delivered it (so it can be replayed once the problem is fixed) to the dead-letter sink,
 * with headers saying why ({@link #REASON}, {@link #ERROR}), where from ({@link #PARTITION},
 * {@link #POSITION}) and when ({@link #TIME}), and counts it in the checkpoint. Nothing is dropped
 * silently: past the tolerance, the migration fails.
 *
 * <p>Dead letters follow the migration's checkpoints: in EXACTLY_ONCE mode the dead-letter sink
 * must be a {@link io.streammigration.core.spi.TransactionalSink}, committed in the same
 * checkpoint just before the main sink, so after a crash each rejected record is dead-lettered
 * exactly once; with a plain sink it is flushed before each checkpoint, so dead letters are
 * at-least-once.
 */
public final class DeadLetterPolicy {

  /** Header: why the record was rejected (UTF-8). */
  public static final String REASON = "sm.dead-letter.reason";

  /** Header: the class of the rejecting exception (UTF-8). */
  public static final String ERROR = "sm.dead-letter.error";

  /** Header: the source partition (UTF-8). */
  public static final String PARTITION = "sm.dead-letter.partition";

  /** Header: the source position as ASCII {@code segment:offset}. */
  public static final String POSITION = "sm.dead-letter.position";

  /** Header: when the record was rejected, epoch milliseconds as ASCII decimal. */
  public static final String TIME = "sm.dead-letter.time";

  private final Sink sink;
  private final Tolerance tolerance;

  private DeadLetterPolicy(Sink sink, Tolerance tolerance) {
    if (sink == null) {
      throw new MigrationConfigException("deadLetters.sink", "is required");
    }
    if (tolerance == null) {
      throw new MigrationConfigException("deadLetters.tolerance", "is required");
    }
    this.sink = sink;
    this.tolerance = tolerance;
  }

  /** Dead letters go to {@code sink}; past {@code tolerance} the migration fails. */
  public static DeadLetterPolicy to(Sink sink, Tolerance tolerance) {
    return new DeadLetterPolicy(sink, tolerance);
  }

  public Sink sink() {
    return sink;
  }

  public Tolerance tolerance() {
    return tolerance;
  }

  @Override
  public String toString() {
    return "DeadLetterPolicy{sink=" + sink + ", tolerance=" + tolerance + "}";
  }

  /** How many dead letters a migration accepts before it fails. Immutable. */
  public static final class Tolerance {
    private final long maxCount;
    private final double maxRatio;
    private final long minRecords;

    private Tolerance(long maxCount, double maxRatio, long minRecords) {
      this.maxCount = maxCount;
      this.maxRatio = maxRatio;
      this.minRecords = minRecords;
    }

    /** Any number of dead letters: they are counted and reported, never fatal. */
    public static Tolerance unlimited() {
      return new Tolerance(Long.MAX_VALUE, 1.0, 0);
    }

    /** At most {@code max} dead letters in all (across restarts); the next one fails. */
    public static Tolerance atMost(long max) {
      if (max < 0) {
        throw new MigrationConfigException(
            "deadLetters.tolerance", "count was " + max + ", must be >= 0");
      }
      return new Tolerance(max, 1.0, 0);
    }

    /**
     * At most a {@code ratio} of the records seen (across restarts) may be dead letters, judged
     * once {@code minRecords} records have been seen (before that, a single early rejection would
     * be a huge ratio).
     */
    public static Tolerance atMostRatio(double ratio, long minRecords) {
      if (!(ratio >= 0.0 && ratio <= 1.0)) {
        throw new MigrationConfigException(
            "deadLetters.tolerance", "ratio was " + ratio + ", allowed range is 0.0 to 1.0");
      }
      if (minRecords < 1) {
        throw new MigrationConfigException(
            "deadLetters.tolerance", "minRecords was " + minRecords + ", must be >= 1");
      }
      return new Tolerance(Long.MAX_VALUE, ratio, minRecords);
    }

    /** True if {@code deadLetters} out of {@code records} seen is still acceptable. */
    public boolean allows(long deadLetters, long records) {
      if (deadLetters > maxCount) {
        return false;
      }
      return records < minRecords || deadLetters <= maxRatio * records;
    }

    @Override
    public String toString() {
      if (maxCount != Long.MAX_VALUE) {
        return "atMost(" + maxCount + ")";
      }
      return minRecords == 0 ? "unlimited" : "atMostRatio(" + maxRatio + ", " + minRecords + ")";
    }
  }
}
