package io.streammigration.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Writes whole lines to a shared {@link PrintWriter}, each starting with a prefix, so that the
 * output of streams running side by side stays readable ({@code [stage/stream] ...}). Text is held
 * until its line ends; each line goes out with one {@code println}, which {@code PrintWriter} makes
 * atomic, so lines of different writers never mix. Carriage returns are dropped. One writer per
 * thread.
 */
final class LinePrefixWriter extends Writer {

  private final PrintWriter target;
  private final String prefix;
  private final StringBuilder line = new StringBuilder();

  LinePrefixWriter(PrintWriter target, String prefix) {
    this.target = target;
    this.prefix = prefix;
  }

  /** A print writer over a new prefixing writer, flushing on {@code println}. */
  static PrintWriter over(PrintWriter target, String prefix) {
    return new PrintWriter(new LinePrefixWriter(target, prefix), true);
  }

  @Override
  public void write(char[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      if (c == '\n') {
        target.println(prefix + line);
        line.setLength(0);
      } else if (c != '\r') {
        line.append(c);
      }
    }
  }

  @Override
  public void flush() {
    target.flush();
  }

  /** Writes what is left of an unfinished line. */
  @Override
  public void close() {
    if (line.length() > 0) {
      target.println(prefix + line);
      line.setLength(0);
    }
    target.flush();
  }
}
