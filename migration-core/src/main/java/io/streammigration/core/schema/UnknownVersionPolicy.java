package io.streammigration.core.schema;

/**
 * What an {@link Upcasting} transform does with a record whose schema version it cannot handle:
 * missing, malformed, below the first registered upcaster, or newer than the target.
 */
public enum UnknownVersionPolicy {
  /**
   * Throw {@link UnknownSchemaVersionException}, a fatal (not retriable) error: the run fails and
   * nothing after the last checkpoint is committed. The safe default: a stream holding versions
   * nobody planned for needs a person to look at it.
   */
  FAIL,
  /**
   * Throw {@link io.streammigration.core.error.RecordRejectedException} for that record alone, with
   * the {@link UnknownSchemaVersionException} as its cause; the engine routes it to the dead-letter
   * sink if the migration has one (and fails the run otherwise).
   */
  DEAD_LETTER
}
