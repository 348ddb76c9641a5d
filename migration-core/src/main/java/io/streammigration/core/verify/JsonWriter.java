package io.streammigration.core.verify;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal JSON writer for the verification reports, because core carries no JSON library.
 *
 * <p>It produces RFC 8259 text: strings escape {@code "}, {@code \}, every control character
 * below U+0020, U+2028/U+2029 (which break JavaScript embedding) and unpaired surrogates (which
 * cannot be encoded as UTF-8); non-finite doubles become {@code null}. Commas are placed from a
 * stack of open containers, so callers only say what to write. Misuse (a value where a name is
 * due, closing the wrong container) throws {@link IllegalStateException}. Not thread-safe.
 */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder(256);
  /** Per open container: true while it has no member yet. Objects are 'o', arrays 'a'. */
  private final Deque<char[]> open = new ArrayDeque<>();
  private boolean nameWritten;

  JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    open.push(new char[] {'o', 'e'});
    return this;
  }

  JsonWriter endObject() {
    close('o', '}');
    return this;
  }

  JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    open.push(new char[] {'a', 'e'});
    return this;
  }

  JsonWriter endArray() {
    close('a', ']');
    return this;
  }

  JsonWriter name(String name) {
    char[] top = open.peek();
    if (top == null || top[0] != 'o' || nameWritten) {
      throw new IllegalStateException("a member name is only allowed inside an object");
    }
    comma(top);
    string(name);
    out.append(':');
    nameWritten = true;
    return this;
  }

  JsonWriter value(String value) {
    beforeValue();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  JsonWriter value(long value) {
    beforeValue();
    out.append(value);
    return this;
  }

  JsonWriter value(double value) {
    beforeValue();
    out.append(Double.isFinite(value) ? Double.toString(value) : "null");
    return this;
  }

  JsonWriter value(boolean value) {
    beforeValue();
    out.append(value);
    return this;
  }

  JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, double value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  /** The document; every container must be closed. */
  String toJson() {
    if (!open.isEmpty()) {
      throw new IllegalStateException(open.size() + " JSON containers left open");
    }
    return out.toString();
  }

  private void beforeValue() {
    char[] top = open.peek();
    if (top == null) {
      if (out.length() > 0) {
        throw new IllegalStateException("a JSON document holds one top-level value");
      }
      return;
    }
    if (top[0] == 'o') {
      if (!nameWritten) {
        throw new IllegalStateException("a value inside an object needs a name first");
      }
      nameWritten = false;
    } else {
      comma(top);
    }
  }

  private void comma(char[] top) {
    if (top[1] == 'e') {
      top[1] = 'n';
    } else {
      out.append(',');
    }
  }

  private void close(char kind, char bracket) {
    char[] top = open.peek();
    if (top == null || top[0] != kind || nameWritten) {
      throw new IllegalStateException("cannot close '" + bracket + "' here");
    }
    open.pop();
    out.append(bracket);
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || unpairedSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
            if (Character.isHighSurrogate(c)) {
              out.append(s.charAt(++i));
            }
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean unpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c);
  }
}
