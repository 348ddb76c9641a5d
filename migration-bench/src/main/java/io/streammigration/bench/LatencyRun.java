package io.streammigration.bench;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.TransactionalSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency of the in-memory path at half the engine's maximum rate, recorded in
 * HdrHistogram: first an unpaced run measures the maximum rate on this machine, then a paced run
 * offers batches at half of it and records, per record, the time from the moment its batch was
 * due at the source to (a) the sink's {@code write} and (b) the {@code commit} that made it
 * visible (EXACTLY_ONCE, a commit every 10 ms).
 *
 * <p>Latency is measured from each batch's schedule, not from when the source got round to it, so
 * a stall delays every batch due during it and shows in the histogram (no coordinated omission).
 * A plain main rather than a JMH benchmark: JMH has no place for percentiles of a measurement
 * that is not its own timing. It appends a section to {@code results.md}.
 *
 * <p>Usage: {@code LatencyRun <results.md> [paced seconds]}.
 */
public final class LatencyRun {

  static final int BATCH = EngineThroughputBenchmark.BATCH_SIZE;
  static final Duration COMMIT_EVERY = Duration.ofMillis(10);

  private LatencyRun() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: LatencyRun <results.md> [paced seconds]");
      System.exit(2);
    }
    double pacedSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    List<List<Record>> batches =
        Records.batches(
            EngineThroughputBenchmark.DISTINCT_BATCHES, BATCH, 100, 4, Records.Layout.RUNS);
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "latency-reader"));
    try {
      run(batches, reader, Double.POSITIVE_INFINITY, 10_000); // warm up the JIT
      double maxRate = run(batches, reader, Double.POSITIVE_INFINITY, 40_000).rate;
      double rate = maxRate / 2;
      // The paced path (the spinning poll, the recording sink) warms up too, or its JIT
      // compilation shows up as a stall in the measured run.
      run(batches, reader, rate, (long) (rate / BATCH));
      long pacedBatches = (long) (rate * pacedSeconds / BATCH);
      Outcome paced = run(batches, reader, rate, pacedBatches);
      String section = section(maxRate, rate, paced);
      Files.writeString(
          Path.of(args[0]), section, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.out.print(section);
    } finally {
      reader.shutdownNow();
    }
  }

  record Outcome(double rate, Histogram written, Histogram committed, long commits) {}

  private static Outcome run(
      List<List<Record>> batches, ExecutorService reader, double recordsPerSecond, long count) {
    PacedSource source = new PacedSource(batches, count, recordsPerSecond);
    RecordingSink sink = new RecordingSink(source);
    Migration migration =
        Migration.builder()
            .id("latency")
            .source(source)
            .sink(sink)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .batchSize(BATCH)
            .checkpointTrigger(CheckpointTrigger.every(COMMIT_EVERY))
            .readerExecutor(reader)
            .build();
    long start = System.nanoTime();
    MigrationResult result = migration.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.records() != count * BATCH) {
      throw new IllegalStateException("moved " + result.records() + " of " + count * BATCH);
    }
    return new Outcome(result.records() / seconds, sink.written, sink.committed, sink.commits);
  }

  private static String section(double maxRate, double rate, Outcome paced) {
    StringBuilder s = new StringBuilder();
    s.append("\n## Latency at half the maximum rate\n\n");
    s.append(String.format(Locale.ROOT,
        "`LatencyRun`: EXACTLY_ONCE, 100 B records in batches of %d, commit every %d ms. Unpaced"
            + " maximum on this machine: %s records/s; paced at %s records/s for %s records"
            + " (%d commits), achieved %s records/s. Microseconds from the moment a batch was due"
            + " at the source:%n%n",
        BATCH, COMMIT_EVERY.toMillis(), ResultsTable.number(maxRate), ResultsTable.number(rate),
        ResultsTable.number(paced.written.getTotalCount()), paced.commits,
        ResultsTable.number(paced.rate)));
    s.append("| Until | p50 | p99 | p99.9 | max |\n| --- | ---: | ---: | ---: | ---: |\n");
    row(s, "sink.write (in the sink)", paced.written);
    row(s, "sink.commit (visible)", paced.committed);
    return s.toString();
  }

  private static void row(StringBuilder s, String what, Histogram h) {
    s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", what,
        h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3));
  }

  /**
   * Hands out pre-built batches no faster than {@code recordsPerSecond}, noting when each was due.
   * Waits for a batch's due time by spinning: at these rates a batch is due every few tens of
   * microseconds, finer than a sleep can wait.
   */
  static final class PacedSource implements Source {
    private final List<List<Record>> batches;
    private final long[] due;
    private final double nanosPerBatch;
    private long start;
    private int next;

    PacedSource(List<List<Record>> batches, long count, double recordsPerSecond) {
      this.batches = batches;
      this.due = new long[Math.toIntExact(count)];
      this.nanosPerBatch = Double.isInfinite(recordsPerSecond) ? 0 : 1e9 * BATCH / recordsPerSecond;
    }

    @Override
    public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
      start = System.nanoTime();
    }

    @Override
    public List<Record> poll(int maxRecords, Duration timeout) {
      if (next == due.length) {
        return List.of();
      }
      long dueAt = start + (long) (next * nanosPerBatch);
      long now;
      while ((now = System.nanoTime()) < dueAt) {
        Thread.onSpinWait();
      }
      due[next] = nanosPerBatch == 0 ? now : dueAt;
      return batches.get(next++ % batches.size());
    }

    /** When batch {@code index} was due; read by the sink after the batch reached it. */
    long due(int index) {
      return due[index];
    }

    @Override
    public boolean isEndOfInput() {
      return next == due.length;
    }

    @Override
    public void close() {}
  }

  /**
   * Records each batch's latency at write and at the commit that covers it. The engine writes
   * each source batch in one {@code write} call when there are no transforms, so the n-th write
   * is the n-th batch; the record count check in {@link #run} would catch it if that changed.
   */
  static final class RecordingSink implements TransactionalSink {
    private final PacedSource source;
    final Histogram written = new Histogram(3_600_000_000L, 3);
    final Histogram committed = new Histogram(3_600_000_000L, 3);
    long commits;
    private int writes;
    private int committedUpTo;

    RecordingSink(PacedSource source) {
      this.source = source;
    }

    @Override
    public void open(SinkContext context) {}

    @Override
    public Optional<Checkpoint> recover() {
      return Optional.empty();
    }

    @Override
    public void write(List<Record> records) {
      long now = System.nanoTime();
      written.recordValueWithCount(now - source.due(writes++), records.size());
    }

    @Override
    public void commit(Checkpoint checkpoint) {
      long now = System.nanoTime();
      for (; committedUpTo < writes; committedUpTo++) {
        committed.recordValueWithCount(now - source.due(committedUpTo), BATCH);
      }
      commits++;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
