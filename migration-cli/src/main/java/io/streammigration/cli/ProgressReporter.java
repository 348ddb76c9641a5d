package io.streammigration.cli;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a running migration's progress from its {@link Migration#status()}: on a terminal one line
 * rewritten in place every second; otherwise (a pipe, a log file) a plain line every {@code
 * interval}. Runs on its own daemon thread, started by {@link #start} and ended by {@link #stop},
 * which prints the last state once more.
 */
final class ProgressReporter {

  private final Migration migration;
  private final PrintWriter out;
  private final boolean terminal;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean stopped;
  private long lastBytes;
  private long lastAtNanos;
  private int lastWidth;

  ProgressReporter(Migration migration, PrintWriter out, boolean terminal, Duration interval) {
    this.migration = migration;
    this.out = out;
    this.terminal = terminal;
    this.interval = terminal ? Duration.ofSeconds(1) : interval;
    this.thread = new Thread(this::loop, "migrate-progress");
    this.thread.setDaemon(true);
  }

  void start() {
    lastAtNanos = System.nanoTime();
    thread.start();
  }

  /** Ends the thread and clears a terminal's progress line. Idempotent. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (out) {
      if (terminal && lastWidth > 0) {
        out.print("\r" + " ".repeat(lastWidth) + "\r");
      }
      out.flush();
    }
  }

  /**
   * Prints {@code line} between progress reports (a terminal's progress line is cleared first, and
   * redrawn at the next report). Any thread.
   */
  void say(String line) {
    synchronized (out) {
      if (terminal && lastWidth > 0) {
        out.print("\r" + " ".repeat(lastWidth) + "\r");
        lastWidth = 0;
      }
      out.println(line);
      out.flush();
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      report();
    }
  }

  private void report() {
    show(line(migration.status()));
  }

  /** Prints a progress line: in place on a terminal, as a line of its own otherwise. */
  void show(String line) {
    synchronized (out) {
      if (terminal) {
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        lastWidth = line.length();
      } else {
        out.println(line);
      }
      out.flush();
    }
  }

  /** One line: phase, records and rate, MB/s, lag, last checkpoint and its age. */
  String line(MigrationStatus s) {
    long now = System.nanoTime();
    double seconds = Math.max(1e-3, (now - lastAtNanos) / 1e9);
    double mbPerSecond = (s.bytes() - lastBytes) / seconds / 1_000_000.0;
    lastBytes = s.bytes();
    lastAtNanos = now;
    String lag = s.lag().isPresent() ? Long.toString(s.lag().getAsLong()) : "unknown";
    String checkpoint =
        s.lastCheckpoint()
            .map(Checkpoint::id)
            .map(
                id ->
                    "#"
                        + id
                        + s.lastCheckpointAt()
                            .map(
                                at ->
                                    " " + Duration.between(at, Instant.now()).toSeconds() + "s ago")
                            .orElse(""))
            .orElse("none");
    return String.format(
        Locale.ROOT,
        "%s: %,d records committed, %,.0f records/s, %.2f MB/s, lag %s, last checkpoint %s",
        s.phase(),
        s.records(),
        s.recordsPerSecond(),
        mbPerSecond,
        lag,
        checkpoint);
  }
}
