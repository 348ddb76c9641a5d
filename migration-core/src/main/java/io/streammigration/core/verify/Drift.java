package io.streammigration.core.verify;

import io.streammigration.core.record.PartitionId;
import java.util.Objects;

/**
 * One departure of the destination from the source, reported as soon as the verifier classifies
 * it (see {@link PartitionReport} for how each kind is decided and its window limits).
 *
 * @param kind what happened
 * @param partition the source partition concerned
 * @param record the record concerned: the source record for {@link Kind#MISSING}, the destination
 *     record for the other kinds
 */
public record Drift(Kind kind, PartitionId partition, RecordSummary record) {

  /** The kinds of drift. */
  public enum Kind {
    /** A source record the destination skipped, or never delivered before it ended. */
    MISSING,
    /** A destination record repeating one already matched (a replay). */
    DUPLICATE,
    /** A destination record arriving after a later one of its partition (a reorder). */
    LATE,
    /** A destination record matching no source record nearby (changed, or foreign). */
    UNEXPECTED
  }

  public Drift {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(record, "record");
  }
}
