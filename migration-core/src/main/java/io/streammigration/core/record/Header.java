package io.streammigration.core.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a name and a byte value (which may be null, as Kafka allows).
 *
 * <p>The value array is owned by the header once constructed: callers must not change it.
 * Headers are compared by content.
 */
public final class Header {

  private final String name;
  private final byte[] value;

  private Header(String name, byte[] value) {
    this.name = Objects.requireNonNull(name, "name");
    this.value = value;
  }

  /** A header holding {@code value} as given (not copied). */
  public static Header of(String name, byte[] value) {
    return new Header(name, value);
  }

  /** A header holding the UTF-8 bytes of {@code value}. */
  public static Header ofUtf8(String name, String value) {
    return new Header(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  public String name() {
    return name;
  }

  /** The value bytes, or null. Do not modify the array. */
  public byte[] value() {
    return value;
  }

  /** The value decoded as UTF-8, or null when the value is null. */
  public String valueAsUtf8() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Header h && name.equals(h.name) && Arrays.equals(value, h.value);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return name + "=" + (value == null ? "null" : value.length + "B");
  }
}
