package io.streammigration.core.ordering;

import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Objects;

/**
 * One duplicate, gap or reorder seen by the ordering guard, as reported to the listener.
 *
 * @param kind what was seen
 * @param partition the record's partition
 * @param position the record's position
 * @param expected the sequence the guard expected next (or the last one seen, for duplicates)
 * @param actual the record's sequence
 * @param dropped true if the policy dropped the record
 */
public record OrderingViolation(
    OrderingViolationException.Kind kind,
    PartitionId partition,
    Position position,
    long expected,
    long actual,
    boolean dropped) {

  public OrderingViolation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(position, "position");
  }
}
