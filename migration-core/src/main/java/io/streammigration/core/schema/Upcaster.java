package io.streammigration.core.schema;

import io.streammigration.core.record.Record;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Converts a record from one schema version to the next (version {@code n} to {@code n + 1}). An
 * {@link Upcasting} transform chains upcasters to bring every record up to its target version.
 *
 * <p>An upcaster works on whole records, not just values, so it can also move data between the
 * key, the headers and the value. Most convert the value only: {@link #ofValue} adapts a
 * function of the value bytes.
 *
 * <h2>Contract</h2>
 *
 * <ol>
 *   <li>Returns a record with the input's partition and position (use the {@code with...} copies on
 *       {@link Record}); never null.
 *   <li>Must not rely on the schema-version header: {@link Upcasting} rewrites it once, after the
 *       last step, rather than after every step (which would copy the headers per step).
 *   <li>Must be deterministic and must not modify the input's arrays (records own their bytes).
 *   <li>A record it cannot convert (a payload it cannot parse) is rejected by throwing {@link
 *       io.streammigration.core.error.RecordRejectedException}, which the engine may route to a
 *       dead-letter sink.
 * </ol>
 *
 * <p><b>Threads.</b> Called on the engine's writer thread only, once per record and step.
 */
@FunctionalInterface
public interface Upcaster {

  /** The record converted to the next schema version. */
  Record upcast(Record record);

  /**
   * An upcaster that maps the value bytes and keeps everything else. Tombstones (null values) are
   * passed through without calling {@code valueMapper}: a delete has no payload to convert.
   */
  static Upcaster ofValue(UnaryOperator<byte[]> valueMapper) {
    Objects.requireNonNull(valueMapper, "valueMapper");
    return record ->
        record.value() == null ? record : record.withValue(valueMapper.apply(record.value()));
  }
}
