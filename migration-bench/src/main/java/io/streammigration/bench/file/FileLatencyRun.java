package io.streammigration.bench.file;

import io.streammigration.bench.ResultsTable;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.file.CommitManifest;
import io.streammigration.file.FileSource;
import io.streammigration.file.FileSourceConfig;
import io.streammigration.file.RecordFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency of file to file at half the maximum rate, for each guarantee and format:
 * first a bounded migration of a file of 1 KiB records finds the maximum rate on this machine,
 * and a live run as long as the measured one finds what the machine sustains for that long (the
 * smaller of the two is the maximum); then a {@link PacedAppender} appends records to a live file
 * at half that rate while a {@link FileSource} in follow mode feeds the same migration as the
 * throughput benchmark ({@link FileToFile}: a checkpoint every 100 ms). Per record, in
 * HdrHistogram, the time from the moment it was due at the source to:
 *
 * <ul>
 *   <li><b>checkpoint committed</b>: the engine's commit covering it returned (EXACTLY_ONCE: data
 *       fsynced and manifest replaced; AT_LEAST_ONCE: data fsynced and the checkpoint saved), as
 *       the engine's listener sees it on the writer thread;
 *   <li><b>read from the destination</b>: a {@link DestinationReader} following the sink's
 *       directory returned it (committed bytes only for EXACTLY_ONCE).
 * </ul>
 *
 * <p>A plain main, like {@code LatencyRun}: it appends a section to {@code results.md}. The
 * FileSource keeps its default {@code idleWait} (20 ms between looks when caught up), which users
 * get too and which shows in the figures. Four threads share the machine: appender, reader,
 * writer and destination reader.
 *
 * <p>Usage: {@code FileLatencyRun <results.md> [paced seconds]}.
 */
public final class FileLatencyRun {

  /**
   * Records of the bounded run that finds the maximum rate (about 420 MB): a second or more, so
   * that ten or so 100 ms commits, not the one at the end, set the rate it finds.
   */
  static final int MAX_RATE_RECORDS = 400_000;

  /** Paced seconds before the measured run, so its code paths are compiled when it starts. */
  static final double WARM_UP_SECONDS = 1;

  private FileLatencyRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: FileLatencyRun <results.md> [paced seconds]");
      System.exit(2);
    }
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    String section = section(measure(seconds, MAX_RATE_RECORDS, WARM_UP_SECONDS), seconds);
    Files.writeString(
        Path.of(args[0]), section, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.print(section);
  }

  /** One guarantee and format: the rates and both histograms of the measured run. */
  record Outcome(
      RecordFormat format,
      DeliveryGuarantee guarantee,
      double maxRate,
      double sustainedRate,
      double rate,
      long records,
      long commits,
      Histogram committed,
      Histogram visible) {}

  /**
   * Every guarantee and format, paced for {@code warmUp} seconds and then, measured, for {@code
   * seconds}; the bounded runs that find the maximum rate move {@code maxRateRecords}, and the
   * live one that finds the sustained rate runs for {@code seconds}.
   */
  static List<Outcome> measure(double seconds, int maxRateRecords, double warmUp) throws Exception {
    Path work = Files.createTempDirectory("bench-file-latency-");
    List<Outcome> outcomes = new ArrayList<>();
    try {
      for (RecordFormat format : RecordFormat.values()) {
        Path input = work.resolve("input-" + format);
        SourceFiles.write(input, format, maxRateRecords);
        for (DeliveryGuarantee guarantee : List.of(DeliveryGuarantee.EXACTLY_ONCE, DeliveryGuarantee.AT_LEAST_ONCE)) {
          maxRate(work, input, format, guarantee); // warms the JIT up
          double maxRate = maxRate(work, input, format, guarantee);
          double sustained = sustainedRate(work, format, guarantee, maxRate, seconds);
          double rate = Math.min(maxRate, sustained) / 2;
          if (warmUp > 0) {
            paced(work, format, guarantee, rate, warmUp, maxRate, sustained);
          }
          outcomes.add(paced(work, format, guarantee, rate, seconds, maxRate, sustained));
          System.err.printf(Locale.ROOT, "%s %s: max %.0f records/s bounded, %.0f sustained for %.0f s, paced at %.0f%n",
              format, guarantee, maxRate, sustained, seconds, rate);
        }
        Files.delete(input);
      }
    } finally {
      SourceFiles.deleteRecursively(work);
    }
    return outcomes;
  }

  /** Records/s of a bounded migration of {@code input}. */
  private static double maxRate(Path work, Path input, RecordFormat format, DeliveryGuarantee guarantee)
      throws IOException {
    Path destination = Files.createTempDirectory(work, "max-");
    try {
      FileSource source =
          new FileSource(
              FileSourceConfig.builder(input).format(format).partitionName(SourceFiles.PARTITION).build());
      try (FileToFile run = FileToFile.of(source, destination, format, guarantee, b -> {})) {
        long start = System.nanoTime();
        MigrationResult result = run.migration.run();
        return result.records() / ((System.nanoTime() - start) / 1e9);
      }
    } finally {
      SourceFiles.deleteRecursively(destination);
    }
  }

  /**
   * Records/s the live migration keeps up for {@code seconds}: an appender is offered {@code
   * offered} records/s (the bounded maximum, found on input in the page cache) and the migration
   * follows it, while the appender's and the sink's writes fill the page cache and the disk has to
   * take them. The rate is that of the records committed in the run's second half. A bounded run
   * of a second or so never fills the page cache; a paced run of 30 s at half its rate did, on
   * this VM, and its records queued for seconds.
   */
  private static double sustainedRate(
      Path work, RecordFormat format, DeliveryGuarantee guarantee, double offered, double seconds) throws Exception {
    Path dir = Files.createTempDirectory(work, "sustained-");
    // More than it can append in the time: it is stopped, not run out.
    PacedAppender appender = new PacedAppender(dir.resolve("live-" + format), format, (long) (offered * seconds * 2) + 1, offered);
    appender.create();
    CommitWatch watch = new CommitWatch(appender, format);
    FileSource source = following(dir.resolve("live-" + format), format);
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "sustained-writer"));
    try (FileToFile run = FileToFile.of(source, dir.resolve("out"), format, guarantee, b -> b.listener(watch))) {
      CompletableFuture<MigrationResult> result = run.migration.start(writer);
      Thread appenderThread = new Thread(appender, "sustained-appender");
      appenderThread.start();
      long halfMillis = (long) (seconds * 500);
      Thread.sleep(halfMillis);
      CommitWatch.Mark middle = watch.last;
      Thread.sleep(halfMillis);
      CommitWatch.Mark end = watch.last;
      appender.stop();
      appenderThread.join();
      rethrow(appender.failure());
      run.close();
      result.join();
      if (middle.atNanos() == 0 || end.atNanos() <= middle.atNanos() || end.covered() <= middle.covered()) {
        // Too short a run for commits on both sides of its middle: nothing to tell. (A long run
        // that commits nothing in its second half is stuck, and its paced run times out.)
        return offered;
      }
      return (end.covered() - middle.covered()) / ((end.atNanos() - middle.atNanos()) / 1e9);
    } finally {
      writer.shutdownNow();
      SourceFiles.deleteRecursively(dir);
    }
  }

  /** Appends at {@code rate} for {@code seconds} and measures until every record is read back. */
  private static Outcome paced(
      Path work, RecordFormat format, DeliveryGuarantee guarantee, double rate, double seconds,
      double maxRate, double sustainedRate) throws Exception {
    Path dir = Files.createTempDirectory(work, "paced-");
    long records = Math.max(1, (long) (rate * seconds));
    PacedAppender appender = new PacedAppender(dir.resolve("live-" + format), format, records, rate);
    appender.create();
    CommitWatch watch = new CommitWatch(appender, format);
    FileSource source = following(dir.resolve("live-" + format), format);
    Path destination = dir.resolve("out");
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "latency-writer"));
    try (FileToFile run = FileToFile.of(source, destination, format, guarantee, b -> b.listener(watch))) {
      CompletableFuture<MigrationResult> result = run.migration.start(writer);
      Path sinkDirectory = FileToFile.sinkDirectory(destination);
      // The reader of committed data needs the manifest that recover() writes first.
      Path ready = guarantee == DeliveryGuarantee.EXACTLY_ONCE
          ? sinkDirectory.resolve(CommitManifest.FILE_NAME) : sinkDirectory;
      await(() -> Files.exists(ready), result, 10_000, "the sink to open");
      DestinationReader reader =
          new DestinationReader(sinkDirectory, format, guarantee == DeliveryGuarantee.EXACTLY_ONCE, records);
      Thread readerThread = new Thread(reader, "latency-destination-reader");
      Thread appenderThread = new Thread(appender, "latency-appender");
      readerThread.start();
      appenderThread.start();
      long timeoutMillis = (long) (seconds * 4_000) + 60_000;
      try {
        await(() -> reader.seen() == records && watch.covered == records
                || reader.failure() != null || appender.failure() != null,
            result, timeoutMillis, "every record to be committed and read back");
      } finally {
        reader.stop();
        readerThread.join();
        appenderThread.join();
      }
      rethrow(appender.failure());
      rethrow(reader.failure());
      run.close();
      result.join();
      return new Outcome(
          format, guarantee, maxRate, sustainedRate, rate, records, watch.commits, watch.committed, reader.visible);
    } finally {
      writer.shutdownNow();
      SourceFiles.deleteRecursively(dir);
    }
  }

  /** A source following the live {@code file} (default 20 ms idle wait), as a user's would. */
  private static FileSource following(Path file, RecordFormat format) {
    return new FileSource(
        FileSourceConfig.builder(file).format(format).partitionName(SourceFiles.PARTITION).follow(true).build());
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition, CompletableFuture<?> run, long timeoutMillis, String what)
      throws Exception {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (!condition.holds()) {
      if (run.isDone()) {
        run.join(); // throws the failure; a run that ended by itself is a failure too
        throw new IllegalStateException("the migration ended while waiting for " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static void rethrow(Throwable t) throws Exception {
    if (t instanceof Exception e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  /**
   * The engine's listener: at each commit, the records the new checkpoint covers (from its
   * position: records are of one size, so the byte offset says how many) get their latency from
   * their due time. Writer thread only; read by the main thread after the run.
   */
  static final class CommitWatch implements MigrationListener {
    final Histogram committed = new Histogram(3_600_000_000L, 3);
    private final PacedAppender appender;
    private final PartitionId partition = PartitionId.of(SourceFiles.PARTITION);
    private final int header;
    private final int recordSize;
    volatile long covered;
    long commits;
    /** Records covered by the last commit, and when it returned; one object, so read together. */
    volatile Mark last = new Mark(0, 0);

    record Mark(long covered, long atNanos) {}

    CommitWatch(PacedAppender appender, RecordFormat format) {
      this.appender = appender;
      this.header = SourceFiles.headerSize(format);
      this.recordSize = SourceFiles.recordSize(format, SourceFiles.VALUE_SIZE);
    }

    @Override
    public void onCheckpointCommitted(CheckpointEvent event) {
      long now = System.nanoTime();
      commits++;
      long offset = event.checkpoint().position(partition).map(Position::offset).orElse((long) header);
      long upTo = (offset - header) / recordSize;
      for (long i = covered; i < upTo; i++) {
        committed.recordValue(Math.max(0, now - appender.due(i)) / 1_000);
      }
      covered = Math.max(covered, upTo);
      last = new Mark(covered, now);
    }
  }

  static String section(List<Outcome> outcomes, double seconds) {
    StringBuilder s = new StringBuilder();
    s.append("\n## File to file: latency at half the maximum rate\n\n");
    s.append(String.format(Locale.ROOT,
        "`FileLatencyRun`: 1 KiB records appended to a live file at half the maximum rate of the"
            + " same migration (measured just before on this machine: the smaller of a bounded run's"
            + " rate and the rate a live run sustained for as long as the measured one) for %.0f s; a"
            + " FileSource follows the file (default 20 ms idle wait), a checkpoint every %d ms into"
            + " a FileSink on %s. Milliseconds from the moment each record was due at the source"
            + " (its schedule: stalls count) until the checkpoint covering it was committed"
            + " (EXACTLY_ONCE: data fsynced, manifest replaced; AT_LEAST_ONCE: data fsynced,"
            + " checkpoint saved) and until a FileSource following the destination read it"
            + " (committed bytes only for EXACTLY_ONCE; for AT_LEAST_ONCE whatever reached the file,"
            + " durable or not):%n%n",
        seconds, FileToFile.COMMIT_EVERY.toMillis(), System.getProperty("java.io.tmpdir")));
    s.append("| Guarantee | Format | Max rate, bounded (records/s) | Sustained (records/s) | Paced at (records/s) | Records | Commits | Until | p50 | p99 | p99.9 | max |\n");
    s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
    for (Outcome o : outcomes) {
      String head = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d", o.guarantee(), o.format(),
          ResultsTable.number(o.maxRate()), ResultsTable.number(o.sustainedRate()), ResultsTable.number(o.rate()),
          ResultsTable.number(o.records()), o.commits());
      row(s, head, "checkpoint committed", o.committed());
      row(s, head, "read from the destination", o.visible());
    }
    return s.toString();
  }

  private static void row(StringBuilder s, String head, String until, Histogram h) {
    s.append(head).append(String.format(Locale.ROOT, " | %s | %.1f | %.1f | %.1f | %.1f |%n", until,
        h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3));
  }
}
