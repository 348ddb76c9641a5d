package io.streammigration.core.error;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Objects;

/**
 * The ordering guard saw a duplicate, a gap or a reorder and its policy is FAIL. Names the
 * partition, the position of the offending record and what was expected.
 */
public class OrderingViolationException extends MigrationException {

  /** What kind of violation was seen. */
  public enum Kind {
    /** A record the guard has already passed (same or earlier sequence). */
    DUPLICATE,
    /** A record whose sequence skips past the expected next one (dense sequences only). */
    GAP,
    /** A record earlier than one already seen, but not seen itself. */
    REORDER
  }

  private final Kind kind;
  private final PartitionId partition;
  private final Position position;

  public OrderingViolationException(
      Kind kind, PartitionId partition, Position position, String detail) {
    super(
        kind.name().toLowerCase(java.util.Locale.ROOT)
            + " in partition "
            + partition
            + " at position "
            + position
            + ": "
            + detail);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.partition = Objects.requireNonNull(partition, "partition");
    this.position = Objects.requireNonNull(position, "position");
  }

  public Kind kind() {
    return kind;
  }

  public PartitionId partition() {
    return partition;
  }

  public Position position() {
    return position;
  }
}
