package io.streammigration.core.schema;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Record;
import java.nio.charset.StandardCharsets;

/**
 * The schema version as an ASCII decimal header value, e.g. the bytes {@code "3"}: digits only, no
 * sign, no spaces, leading zeros allowed, at most {@link Integer#MAX_VALUE}. ASCII decimal rather
 * than a binary int because it is what producers in other languages and command-line tools
 * (kcat, kafka-console-producer) can write and read by eye.
 *
 * <p>Parsed straight from the header's bytes, so reading it allocates nothing. The last header
 * with the name counts, as for every header lookup in the SDK.
 */
final class HeaderVersion implements VersionReader {

  private final String name;

  HeaderVersion(String name) {
    this.name = name;
  }

  @Override
  public int versionOf(Record record) {
    return parse(record.headers().lastValue(name));
  }

  /** The version in {@code value}, {@link #MISSING} for null, {@link #MALFORMED} if not decimal. */
  static int parse(byte[] value) {
    if (value == null) {
      return MISSING;
    }
    if (value.length == 0 || value.length > 10) {
      return MALFORMED;
    }
    long version = 0;
    for (byte b : value) {
      if (b < '0' || b > '9') {
        return MALFORMED;
      }
      version = version * 10 + (b - '0');
    }
    return version > Integer.MAX_VALUE ? MALFORMED : (int) version;
  }

  /** The header that says a record is at {@code version}; built once per transform and shared. */
  Header header(int version) {
    return Header.of(name, Integer.toString(version).getBytes(StandardCharsets.US_ASCII));
  }

  String name() {
    return name;
  }
}
