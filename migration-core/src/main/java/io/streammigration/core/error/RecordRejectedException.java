package io.streammigration.core.error;

import io.streammigration.core.record.Record;
import java.util.Objects;

/**
 * One record cannot be migrated, for good: a transform cannot convert it (an unknown schema
 * version, a payload it cannot parse), or the sink's destination can never take it (too large,
 * refused by its schema). Thrown by a transform, or by {@code Sink.write}, for that record alone;
 * the engine then routes the record to the dead-letter sink, if the migration has one and its
 * tolerance allows, and otherwise fails the migration with this error. Never retried.
 *
 * <p>{@link #record()} is the record that failed; its partition and position say where it came
 * from. A transform's rejection dead-letters the record as the source delivered it; a sink's, the
 * record as the sink received it.
 */
public class RecordRejectedException extends MigrationException {

  private final transient Record record;
  private final String reason;

  /**
   * @param record the record that cannot be migrated
   * @param reason why, short and specific ("unknown schema version 7")
   */
  public RecordRejectedException(Record record, String reason) {
    this(record, reason, null);
  }

  public RecordRejectedException(Record record, String reason, Throwable cause) {
    super(
        "record rejected in partition "
            + Objects.requireNonNull(record, "record").partition()
            + " at position "
            + record.position()
            + ": "
            + Objects.requireNonNull(reason, "reason"),
        cause);
    this.record = record;
    this.reason = reason;
  }

  /** The rejected record. */
  public Record record() {
    return record;
  }

  /** Why it was rejected. */
  public String reason() {
    return reason;
  }
}
