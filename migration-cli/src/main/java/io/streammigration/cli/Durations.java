package io.streammigration.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations operators type: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO
 * {@code PT5S}.
 */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /** True if {@code text} looks like a duration rather than a number. */
  static boolean isDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return SHORT.matcher(t).matches() || t.startsWith("pt");
  }

  /**
   * {@code d} in the shortest of the forms {@link #parse} reads: {@code 1h}, {@code 5m}, {@code
   * 2s}, {@code 300ms}.
   */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
  }

  /**
   * The duration {@code text} names, positive.
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          d = Duration.ofMillis(n);
          break;
        case "s":
          d = Duration.ofSeconds(n);
          break;
        case "m":
          d = Duration.ofMinutes(n);
          break;
        default:
          d = Duration.ofHours(n);
      }
    } else {
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration; write e.g. 500ms, 5s, 2m, 1h or PT5S");
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' must be a positive duration");
    }
    return d;
  }
}
