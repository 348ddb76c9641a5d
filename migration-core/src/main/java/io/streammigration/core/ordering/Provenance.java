package io.streammigration.core.ordering;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Transform;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Provenance headers: where in the source a destination record came from, so the destination can
 * be verified and deduplicated downstream without access to the migration's checkpoints.
 *
 * <p>All names share the prefix {@value #PREFIX}:
 *
 * <ul>
 *   <li>{@value #PARTITION}: the source partition's name, UTF-8;
 *   <li>{@value #POSITION}: the source position as ASCII text {@code segment:offset}, both decimal
 *       and always present (e.g. {@code 0:42}), so tools such as {@code kcat} show it readably and
 *       sort it without knowing the binary position format.
 * </ul>
 *
 * <p>{@link #stamp()} replaces any headers of these names, so a record migrated twice carries its
 * latest provenance once rather than a stack of them. When {@link Ordering#stampsProvenance()}
 * is true the engine runs it first in the transform chain, before user transforms, so the headers
 * name the source record itself. (With header sequences, the sequence header already travels with
 * the record, so no sequence header is added.)
 */
public final class Provenance {

  /** The prefix every provenance header name starts with. */
  public static final String PREFIX = "sm.";

  /** Header holding the source partition name (UTF-8). */
  public static final String PARTITION = PREFIX + "partition";

  /** Header holding the source position as ASCII {@code segment:offset}. */
  public static final String POSITION = PREFIX + "position";

  private static final Transform STAMP =
      (record, out) ->
          out.emit(
              record.withHeaders(
                  record
                      .headers()
                      .replacing(Header.ofUtf8(PARTITION, record.partition().name()))
                      .replacing(Header.of(POSITION, positionText(record.position())))));

  private Provenance() {}

  /**
   * A transform that stamps each record with its source partition and position, replacing existing
   * provenance headers. Emits exactly one record per input; stateless and deterministic.
   */
  public static Transform stamp() {
    return STAMP;
  }

  /**
   * The source partition stamped on {@code record}, or empty if it carries no {@value #PARTITION}
   * header.
   *
   * @throws MigrationException if the header is present but null, empty or not valid UTF-8
   */
  public static Optional<PartitionId> partitionOf(Record record) {
    Optional<Header> header = record.headers().lastNamed(PARTITION);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    byte[] value = header.get().value();
    if (value == null || value.length == 0) {
      throw malformed(record, PARTITION, "empty value");
    }
    String name = header.get().valueAsUtf8();
    if (!Arrays.equals(name.getBytes(StandardCharsets.UTF_8), value)) {
      throw malformed(record, PARTITION, "not valid UTF-8");
    }
    return Optional.of(PartitionId.of(name));
  }

  /**
   * The source position stamped on {@code record}, or empty if it carries no {@value #POSITION}
   * header.
   *
   * @throws MigrationException if the header is present but not {@code segment:offset} with two
   *     non-negative decimal longs
   */
  public static Optional<Position> positionOf(Record record) {
    Optional<Header> header = record.headers().lastNamed(POSITION);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    byte[] value = header.get().value();
    if (value == null) {
      throw malformed(record, POSITION, "null value");
    }
    String text = new String(value, StandardCharsets.US_ASCII);
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw malformed(record, POSITION, "expected segment:offset, got \"" + text + "\"");
    }
    long segment = decimal(record, text.substring(0, colon));
    long offset = decimal(record, text.substring(colon + 1));
    return Optional.of(Position.of(segment, offset));
  }

  private static byte[] positionText(Position position) {
    return (position.segment() + ":" + position.offset()).getBytes(StandardCharsets.US_ASCII);
  }

  private static long decimal(Record record, String digits) {
    // Long.parseLong accepts a sign and non-ASCII digits; positions never have either.
    if (digits.isEmpty()
        || digits.length() > 19
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw malformed(record, POSITION, "expected a non-negative decimal, got \"" + digits + "\"");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw malformed(record, POSITION, "decimal out of range: \"" + digits + "\"");
    }
  }

  private static MigrationException malformed(Record record, String name, String problem) {
    return new MigrationException(
        "malformed provenance header \""
            + name
            + "\" on record in partition "
            + record.partition()
            + " at position "
            + record.position()
            + ": "
            + problem);
  }
}
