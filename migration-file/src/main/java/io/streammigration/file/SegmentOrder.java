package io.streammigration.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Orders the segment files of a directory, oldest first: the order a single-partition {@link
 * FileSource} reads them in. Factories for the usual layouts.
 */
public final class SegmentOrder {

  private SegmentOrder() {}

  /** By file name (byte order of the name's UTF-16 chars): zero-padded names, FileSink output. */
  public static Comparator<Path> byName() {
    return Comparator.comparing(p -> p.getFileName().toString());
  }

  /**
   * Logrotate's numbered order for {@code base}: {@code base.N}, ..., {@code base.2}, {@code
   * base.1}, {@code base} (the higher the number, the older). Names that are neither come first, by
   * name.
   */
  public static Comparator<Path> rotation(String base) {
    Objects.requireNonNull(base, "base");
    return Comparator.<Path>comparingLong(p -> -age(base, p.getFileName().toString()))
        .thenComparing(p -> p.getFileName().toString());
  }

  /**
   * A segment filter for {@link #rotation}'s layout: regular files named {@code base} or {@code
   * base.N}. Leaves out what else a log directory holds, such as compressed rotations ({@code
   * base.3.gz}), which would otherwise be read as lines of binary.
   */
  public static Predicate<Path> rotationMembers(String base) {
    Objects.requireNonNull(base, "base");
    return p -> Files.isRegularFile(p) && age(base, p.getFileName().toString()) != Long.MAX_VALUE;
  }

  /** base.N is N rotations old, base itself 0; foreign names are older than anything. */
  private static long age(String base, String name) {
    if (name.equals(base)) {
      return 0;
    }
    if (name.startsWith(base + ".")) {
      String suffix = name.substring(base.length() + 1);
      if (!suffix.isEmpty()
          && suffix.length() < 18
          && suffix.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(suffix);
      }
    }
    return Long.MAX_VALUE;
  }
}
