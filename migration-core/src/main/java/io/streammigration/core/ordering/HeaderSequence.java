package io.streammigration.core.ordering;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Record;

/**
 * Reads a record's sequence number from a header without allocating: the guard calls it for every
 * record. Failures are errors on the input, not on the guard, so they name where the record is.
 */
final class HeaderSequence {

  /** Longest decimal long: 19 digits, plus a sign. */
  private static final int MAX_TEXT_LENGTH = 20;

  private HeaderSequence() {}

  /** The last header named {@code name}, as an 8-byte big-endian signed long. */
  static long binary(Record record, String name) {
    byte[] value = present(record, name);
    if (value.length != Long.BYTES) {
      throw malformed(record, name, "expected 8 bytes (big-endian long), got " + value.length);
    }
    long sequence = 0;
    for (byte b : value) {
      sequence = (sequence << 8) | (b & 0xFF);
    }
    return sequence;
  }

  /** The last header named {@code name}, as an ASCII decimal long ({@code -?[0-9]{1,19}}). */
  static long text(Record record, String name) {
    byte[] value = present(record, name);
    int length = value.length;
    boolean negative = length > 0 && value[0] == '-';
    int start = negative ? 1 : 0;
    if (length == start || length > MAX_TEXT_LENGTH) {
      throw malformed(record, name, "expected an ASCII decimal long, got " + length + " bytes");
    }
    // Accumulate negatively, as Long.parseLong does, so Long.MIN_VALUE parses without overflow.
    long result = 0;
    for (int i = start; i < length; i++) {
      int digit = value[i] - '0';
      if (digit < 0 || digit > 9) {
        throw malformed(record, name, "expected an ASCII decimal long, found byte " + value[i]);
      }
      if (result < (Long.MIN_VALUE + digit) / 10) {
        throw malformed(record, name, "decimal value out of the range of a long");
      }
      result = result * 10 - digit;
    }
    if (!negative) {
      if (result == Long.MIN_VALUE) {
        throw malformed(record, name, "decimal value out of the range of a long");
      }
      return -result;
    }
    return result;
  }

  private static byte[] present(Record record, String name) {
    byte[] value = record.headers().lastValue(name);
    if (value == null) {
      throw new MigrationException(
          "record in partition "
              + record.partition()
              + " at position "
              + record.position()
              + " has no sequence header \""
              + name
              + "\" (or its value is null); every record must carry it when ordering is "
              + "checked by header sequence");
    }
    return value;
  }

  private static MigrationException malformed(Record record, String name, String problem) {
    return new MigrationException(
        "malformed sequence header \""
            + name
            + "\" on record in partition "
            + record.partition()
            + " at position "
            + record.position()
            + ": "
            + problem);
  }
}
