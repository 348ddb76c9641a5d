package io.streammigration.core.verify;

/** Lower-case hexadecimal text for digests and record previews. */
final class Hex {

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** The first {@code limit} bytes of {@code bytes} in hex; "" for null. */
  static String of(byte[] bytes, int limit) {
    if (bytes == null) {
      return "";
    }
    int n = Math.min(limit, bytes.length);
    char[] out = new char[2 * n];
    for (int i = 0; i < n; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
    }
    return new String(out);
  }

  static String of(long value) {
    return String.format("%016x", value);
  }
}
