package io.streammigration.core.schema;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Locale;
import java.util.Objects;

/**
 * A record's schema version cannot be upcast to the target: it is missing, malformed, older than
 * the first registered upcaster, or newer than the target. Names the record's partition and
 * position and what was wrong.
 *
 * <p>A fatal {@link MigrationException} (never retried: replaying the same record gives the same
 * version). Thrown as is under {@link UnknownVersionPolicy#FAIL}; under {@link
 * UnknownVersionPolicy#DEAD_LETTER} it is the cause of the {@link
 * io.streammigration.core.error.RecordRejectedException} that rejects the record.
 */
public class UnknownSchemaVersionException extends MigrationException {

  /** What is wrong with the version. */
  public enum Problem {
    /** The record carries no version (no header, or a header with a null value). */
    MISSING,
    /** The version is not a non-negative ASCII decimal number that fits an {@code int}. */
    MALFORMED,
    /** The version is below the first version any upcaster is registered for. */
    UNKNOWN,
    /** The version is above the target: written by a newer producer than this migration knows. */
    TOO_NEW
  }

  private final Problem problem;
  private final PartitionId partition;
  private final Position position;
  private final int version;

  /**
   * @param problem what is wrong
   * @param partition the record's partition
   * @param position the record's position
   * @param version the version read, or a negative value when {@code problem} is MISSING or
   *     MALFORMED
   * @param detail what was expected, e.g. "upcasters cover versions 1 to 3"
   */
  public UnknownSchemaVersionException(
      Problem problem, PartitionId partition, Position position, int version, String detail) {
    super(
        describe(Objects.requireNonNull(problem, "problem"), version)
            + " in partition "
            + Objects.requireNonNull(partition, "partition")
            + " at position "
            + Objects.requireNonNull(position, "position")
            + ": "
            + detail);
    this.problem = problem;
    this.partition = partition;
    this.position = position;
    this.version = version;
  }

  static String describe(Problem problem, int version) {
    return switch (problem) {
      case MISSING -> "missing schema version";
      case MALFORMED -> "malformed schema version";
      case UNKNOWN -> "unknown schema version " + version;
      case TOO_NEW -> "schema version " + version + " is newer than the target";
    };
  }

  public Problem problem() {
    return problem;
  }

  public PartitionId partition() {
    return partition;
  }

  public Position position() {
    return position;
  }

  /** The version read; negative when the problem is MISSING or MALFORMED. */
  public int version() {
    return version;
  }

  /** Short form of the problem for a dead letter's reason, e.g. "unknown schema version 0". */
  public String reason() {
    return describe(problem, version).toLowerCase(Locale.ROOT);
  }
}
