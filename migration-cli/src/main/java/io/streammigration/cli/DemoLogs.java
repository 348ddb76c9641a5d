package io.streammigration.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes the demo's sample stream: {@code records} access-log lines over {@code files} files
 * rotated the logrotate way ({@code app.log.N} oldest ... {@code app.log.1}, {@code app.log}
 * newest).
 */
final class DemoLogs {

  /** The live file's name; rotated files are {@code app.log.1}, {@code app.log.2}, ... */
  static final String BASE = "app.log";

  private static final String[] PATHS = {"/orders", "/orders/%d", "/users/%d", "/cart", "/search"};
  private static final int[] STATUS = {200, 200, 200, 201, 204, 304, 404, 500};

  private DemoLogs() {}

  static void write(Path dir, long records, int files) throws IOException {
    Files.createDirectories(dir);
    long perFile = (records + files - 1) / files;
    long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    long line = 0;
    for (int age = files - 1; age >= 0; age--) {
      Path file = dir.resolve(age == 0 ? BASE : BASE + "." + age);
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (long i = 0; i < perFile && line < records; i++, line++) {
          w.write(line(line, start));
          w.write('\n');
        }
      }
    }
  }

  /** A deterministic line: timestamp, level, worker, request, status, duration, trace id. */
  static String line(long n, long startMillis) {
    long mix = n * 0x9E3779B97F4A7C15L;
    int status = STATUS[(int) Long.remainderUnsigned(mix >>> 7, STATUS.length)];
    String path =
        String.format(
            Locale.ROOT,
            PATHS[(int) Long.remainderUnsigned(mix >>> 17, PATHS.length)],
            Long.remainderUnsigned(mix >>> 23, 100_000));
    return String.format(
        Locale.ROOT,
        "%s %s [worker-%d] GET %s %d %dms trace=%016x seq=%d",
        Instant.ofEpochMilli(startMillis + n * 7),
        status >= 500 ? "ERROR" : "INFO",
        Long.remainderUnsigned(mix >>> 3, 8),
        path,
        status,
        Long.remainderUnsigned(mix >>> 31, 250),
        mix,
        n);
  }
}
