package io.streammigration.bench.file;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.streammigration.bench.ResultsTable;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.file.FileSink;
import io.streammigration.file.FileSinkConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The memory bound: a long EXACTLY_ONCE migration, in a child JVM with a small heap ({@value
 * #MAX_HEAP}), from a {@link GeneratingSource} (1 KiB records, each allocated afresh) into a
 * real {@link FileSink} in a temporary directory that is deleted afterwards; every engine setting
 * is the default (batches of 1,000, a hand-off of 8 batches or 8 MiB, a checkpoint every 100,000
 * records or 1 s). The source is faster than the sink, so the hand-off stays full and the engine's
 * backpressure is what bounds the heap: {@code handoffBytes} plus three batches of records in
 * flight, about 11 MiB, plus the sink's 1 MiB write buffer.
 *
 * <p>The child watches the heap through GC notifications: the fullest it was (used just before a
 * collection, garbage included), the most it kept (used just after one, which still counts old
 * garbage a young collection leaves), and the live heap, measured by a full collection ({@code
 * System.gc()}) at each tenth of the run (ten full collections, included in the time). It prints
 * one result line; the parent, a plain main like {@code LatencyRun}, appends a section to {@code
 * results.md}, and fails if the child did not complete.
 *
 * <p>Usage: {@code MemoryBoundRun <results.md> <gibibytes of values>}.
 */
public final class MemoryBoundRun {

  static final String MAX_HEAP = "256m";

  private static final String RESULT = "RESULT ";

  private MemoryBoundRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--child")) {
      child(Long.parseLong(args[1]), Path.of(args[2]));
      return;
    }
    if (args.length < 2) {
      System.err.println("usage: MemoryBoundRun <results.md> <gibibytes of values>");
      System.exit(2);
    }
    double gibibytes = Double.parseDouble(args[1]);
    Outcome outcome = run((long) (gibibytes * (1L << 30)) / SourceFiles.VALUE_SIZE, MAX_HEAP);
    String section = section(outcome);
    Files.writeString(
        Path.of(args[0]), section, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.print(section);
    if (outcome.exitCode() != 0) {
      System.exit(1);
    }
  }

  /** What the child reported (empty if it failed) and how it exited. */
  record Outcome(
      long records, String maxHeap, int exitCode, Map<String, String> figures, List<String> output) {}

  /** Runs {@code records} through a child JVM with {@code -Xmx<maxHeap>}. */
  static Outcome run(long records, String maxHeap) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("bench-file-memory-");
    try {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process child =
          new ProcessBuilder(
                  java.toString(), "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
                  "-cp", System.getProperty("java.class.path"),
                  MemoryBoundRun.class.getName(), "--child", Long.toString(records),
                  directory.toString())
              .redirectErrorStream(true)
              .start();
      Map<String, String> figures = new LinkedHashMap<>();
      List<String> output = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(RESULT)) {
            for (String pair : line.substring(RESULT.length()).split(" ")) {
              int eq = pair.indexOf('=');
              figures.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
          } else {
            output.add(line);
            System.err.println(line);
          }
        }
      }
      int exit = child.waitFor();
      return new Outcome(records, maxHeap, exit, exit == 0 ? figures : Map.of(), output);
    } finally {
      SourceFiles.deleteRecursively(directory);
    }
  }

  /** The child: migrates, watching the heap, and prints one {@value #RESULT} line. */
  private static void child(long records, Path directory) {
    HeapWatch heap = new HeapWatch();
    GcSchedule gcs = new GcSchedule(records, heap);
    FileSink sink = new FileSink(FileSinkConfig.builder(directory).build());
    long start = System.nanoTime();
    MigrationResult result;
    try (Migration migration =
        Migration.builder()
            .id("memory-bound")
            .source(new GeneratingSource(records))
            .sink(sink)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .listener(gcs)
            .build()) {
      result = migration.run();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.records() != records) {
      throw new IllegalStateException("moved " + result.records() + " of " + records);
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    System.out.println(RESULT + String.join(" ",
        "records=" + result.records(),
        "sinkBytes=" + directorySize(directory),
        "seconds=" + seconds,
        "heapMax=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(),
        "peakBeforeGc=" + heap.peakBeforeGc,
        "maxAfterGc=" + heap.maxAfterGc,
        "maxLive=" + gcs.maxLive,
        "gcCount=" + gcCount,
        "gcMillis=" + gcMillis,
        "collectors=" + String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(g -> g.getName().replace(' ', '_')).toList())));
  }

  private static long directorySize(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Heap used before and after every collection, from the collectors' notifications. */
  static final class HeapWatch {
    volatile long peakBeforeGc;
    volatile long maxAfterGc;

    HeapWatch() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
          if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
          }
          var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          record(used(info.getGcInfo().getMemoryUsageBeforeGc()), used(info.getGcInfo().getMemoryUsageAfterGc()));
        }, null, null);
      }
    }

    private synchronized void record(long before, long after) {
      peakBeforeGc = Math.max(peakBeforeGc, before);
      maxAfterGc = Math.max(maxAfterGc, after);
    }

    /** Heap pools only: the notifications also list code cache and metaspace. */
    private static long used(Map<String, MemoryUsage> pools) {
      long used = 0;
      for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
        MemoryUsage u = pools.get(pool.getName());
        if (u != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
          used += u.getUsed();
        }
      }
      return used;
    }
  }

  /**
   * A full collection at each tenth of the run, from the writer thread as a checkpoint commits:
   * heap used right after it is what the migration really holds at that moment.
   */
  static final class GcSchedule implements MigrationListener {
    private final long records;
    private final HeapWatch heap;
    private long committed;
    private int tenths;
    long maxLive;

    GcSchedule(long records, HeapWatch heap) {
      this.records = records;
      this.heap = heap;
    }

    @Override
    public void onCheckpointCommitted(CheckpointEvent event) {
      committed += event.records();
      if (committed * 10 >= (tenths + 1) * records && tenths < 10) {
        tenths = (int) Math.min(10, committed * 10 / records);
        System.gc();
        maxLive = Math.max(maxLive, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      }
    }
  }

  static String section(Outcome o) {
    StringBuilder s = new StringBuilder();
    s.append("\n## Memory bound: a long file-sink migration in ").append(o.maxHeap()).append(" of heap\n\n");
    s.append(String.format(Locale.ROOT,
        "`MemoryBoundRun`: a child JVM with `-Xmx%s` migrates %s generated records of 1 KiB"
            + " (%.2f GiB of values, each record allocated afresh) EXACTLY_ONCE into a FileSink on"
            + " %s (framed, deleted after), every engine setting at its default. The source is faster"
            + " than the sink, so backpressure is what bounds the heap. Peak = heap used just before"
            + " a collection (garbage included); after GC = the most used just after one; live = used"
            + " after a full collection (`System.gc()`) at each tenth of the run.%n%n",
        o.maxHeap(), ResultsTable.number(o.records()), o.records() * (double) SourceFiles.VALUE_SIZE / (1L << 30),
        System.getProperty("java.io.tmpdir")));
    if (o.exitCode() != 0 || o.figures().isEmpty()) {
      s.append("**FAILED**: the child exited with ").append(o.exitCode()).append(". Its last lines:\n\n```\n");
      o.output().stream().skip(Math.max(0, o.output().size() - 10)).forEach(l -> s.append(l).append('\n'));
      return s.append("```\n").toString();
    }
    Map<String, String> f = o.figures();
    double seconds = Double.parseDouble(f.get("seconds"));
    long records = Long.parseLong(f.get("records"));
    s.append("| Records | Written | Time | Records/s | MB/s written | Heap max | Peak heap | Max after GC | Max live | GCs | GC time | Collectors |\n");
    s.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    s.append(String.format(Locale.ROOT, "| %s | %s | %.1f s | %s | %s | %s | %s | %s | %s | %s | %s ms | %s |%n",
        ResultsTable.number(records), mib(f.get("sinkBytes")), seconds,
        ResultsTable.number(records / seconds),
        ResultsTable.number(Long.parseLong(f.get("sinkBytes")) / 1e6 / seconds),
        mib(f.get("heapMax")), mib(f.get("peakBeforeGc")), mib(f.get("maxAfterGc")), mib(f.get("maxLive")),
        f.get("gcCount"), f.get("gcMillis"), f.get("collectors").replace(",", ", ").replace('_', ' ')));
    return s.toString();
  }

  private static String mib(String bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", Long.parseLong(bytes) / (double) (1L << 20));
  }
}
