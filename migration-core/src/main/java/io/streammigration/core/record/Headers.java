package io.streammigration.core.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, ordered list of record headers. Names may repeat (as in Kafka); order is kept.
 *
 * <p>{@link #EMPTY} is shared, so records without headers allocate nothing for them.
 */
public final class Headers implements Iterable<Header> {

  /** The empty header list. */
  public static final Headers EMPTY = new Headers(new Header[0]);

  private final Header[] headers;

  private Headers(Header[] headers) {
    this.headers = headers;
  }

  /** Headers holding the given ones, in order. */
  public static Headers of(Header... headers) {
    if (headers.length == 0) {
      return EMPTY;
    }
    Header[] copy = headers.clone();
    for (Header h : copy) {
      Objects.requireNonNull(h, "header");
    }
    return new Headers(copy);
  }

  /** Headers holding the given ones, in iteration order. */
  public static Headers of(List<Header> headers) {
    return of(headers.toArray(new Header[0]));
  }

  public int size() {
    return headers.length;
  }

  public boolean isEmpty() {
    return headers.length == 0;
  }

  /** The header at {@code index}, in insertion order. */
  public Header get(int index) {
    return headers[index];
  }

  /** The last header named {@code name}, if any: later headers override earlier ones. */
  public Optional<Header> lastNamed(String name) {
    for (int i = headers.length - 1; i >= 0; i--) {
      if (headers[i].name().equals(name)) {
        return Optional.of(headers[i]);
      }
    }
    return Optional.empty();
  }

  /** The value of the last header named {@code name}, or null if there is none (or its value is null). */
  public byte[] lastValue(String name) {
    for (int i = headers.length - 1; i >= 0; i--) {
      if (headers[i].name().equals(name)) {
        return headers[i].value();
      }
    }
    return null;
  }

  /** A copy with {@code header} appended. */
  public Headers with(Header header) {
    Objects.requireNonNull(header, "header");
    Header[] copy = Arrays.copyOf(headers, headers.length + 1);
    copy[headers.length] = header;
    return new Headers(copy);
  }

  /** A copy with every header named {@code name} removed and {@code header} appended. */
  public Headers replacing(Header header) {
    List<Header> kept = new ArrayList<>(headers.length + 1);
    for (Header h : headers) {
      if (!h.name().equals(header.name())) {
        kept.add(h);
      }
    }
    kept.add(header);
    return new Headers(kept.toArray(new Header[0]));
  }

  /** The headers as an unmodifiable list. */
  public List<Header> asList() {
    return Collections.unmodifiableList(Arrays.asList(headers));
  }

  /** Sum of name lengths (as UTF-16 chars) and value lengths: a cheap size estimate. */
  public int estimatedSize() {
    int size = 0;
    for (Header h : headers) {
      size += h.name().length() + (h.value() == null ? 0 : h.value().length);
    }
    return size;
  }

  @Override
  public Iterator<Header> iterator() {
    return asList().iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers other && Arrays.equals(headers, other.headers);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(headers);
  }

  @Override
  public String toString() {
    return Arrays.toString(headers);
  }
}
