package io.streammigration.core.schema;

import io.streammigration.core.record.Record;

/**
 * Reads a record's schema version, for an {@link Upcasting} transform whose version does not live
 * in a header (a field of the payload, a key prefix, a topic naming convention).
 *
 * <p>Returns an {@code int} rather than an {@code OptionalInt} so that reading a version allocates
 * nothing on the hot path: {@link #MISSING} says the record carries no version, and any other
 * negative value is treated as a malformed version.
 *
 * <p><b>Threads.</b> Called on the engine's writer thread only, once per record. Must be
 * deterministic.
 */
@FunctionalInterface
public interface VersionReader {

  /** Returned by {@link #versionOf} for a record that carries no schema version. */
  int MISSING = -1;

  /** Returned by {@link #versionOf} for a record whose version cannot be read as a number. */
  int MALFORMED = -2;

  /** The record's schema version (0 or more), {@link #MISSING} or {@link #MALFORMED}. */
  int versionOf(Record record);
}
