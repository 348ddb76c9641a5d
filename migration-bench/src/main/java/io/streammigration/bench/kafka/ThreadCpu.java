package io.streammigration.bench.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run's CPU time went, by thread group: the copier's threads, the clients' I/O threads, the
 * broker's, the garbage collector's and the JIT's. A diagnostic for {@code
 * -Dbench.kafka.threadCpu=true}, Linux only: it reads {@code /proc/self/task}, which also lists the
 * JVM's own native threads (GC, compiler) that {@code ThreadMXBean} cannot see.
 *
 * <p>Threads end during a run (a producer's I/O thread ends with the producer, before the run can
 * be measured), so a daemon samples every thread every {@value #EVERY_MS} ms and keeps the last
 * figure it saw for each; a thread's last few milliseconds before it ends may be missed.
 */
final class ThreadCpu implements AutoCloseable {

  private static final long EVERY_MS = 20;
  private static final Path TASKS = Path.of("/proc/self/task");
  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100;

  /** Thread id to (name, CPU ticks): the last sample of each thread seen. */
  private final Map<String, Sample> last = new HashMap<>();
  private final Map<String, Sample> atStart;
  private final Thread sampler;
  private volatile boolean running = true;

  private record Sample(String name, long ticks) {}

  private ThreadCpu() {
    sampleAll();
    atStart = Map.copyOf(last);
    sampler = new Thread(() -> {
      while (running) {
        sampleAll();
        try {
          Thread.sleep(EVERY_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-thread-cpu");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts sampling if {@code bench.kafka.threadCpu} is true and this is Linux; else a no-op. */
  static ThreadCpu startIfAsked() {
    return Boolean.getBoolean("bench.kafka.threadCpu") && Files.isDirectory(TASKS) ? new ThreadCpu() : null;
  }

  /**
   * Stops sampling and returns the CPU time per record of each thread group since the start, in
   * microseconds, largest first: for example {@code "other: data-plane-kafk 1.52, copier 1.12,
   * producer I/O 0.71, GC 0.08"} (the broker's request threads first).
   */
  String perRecord(long records) throws InterruptedException {
    close();
    sampler.join();
    sampleAll();
    Map<String, Long> byGroup = new TreeMap<>();
    last.forEach((tid, s) -> {
      Sample before = atStart.get(tid);
      long used = s.ticks - (before == null ? 0 : before.ticks);
      if (used > 0) {
        byGroup.merge(group(s.name), used, Long::sum);
      }
    });
    StringBuilder out = new StringBuilder();
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.append(out.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / TICKS_PER_SECOND * 1e6 / records)));
    return out.toString();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }

  /** Thread names as Linux keeps them (15 characters), grouped by what they do. */
  private static String group(String name) {
    // The JVM's main thread keeps the launcher's name, "java".
    if (name.startsWith("bench-engine") || name.startsWith("bench-raw2") || name.equals("java")) {
      return "copier";
    }
    if (name.startsWith("kafka-producer")) {
      return "producer I/O";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "GC";
    }
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT";
    }
    if (name.startsWith("bench-thread-cp")) {
      return "this sampler";
    }
    if (name.startsWith("kafka-coordinat")) {
      return "consumer heartbeat";
    }
    return "other: " + name.replaceAll("[-#_ ]*[0-9]+$", "");
  }

  private void sampleAll() {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          // pid (comm) state ... : comm may hold spaces and parentheses, so split at the last ')'.
          int close = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, close);
          String[] fields = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
          last.put(task.getFileName().toString(), new Sample(name, ticks));
        } catch (IOException | RuntimeException e) {
          // The thread ended between listing and reading: its last sample stands.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + TASKS, e);
    }
  }
}
