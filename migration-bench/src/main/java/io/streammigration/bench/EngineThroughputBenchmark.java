package io.streammigration.bench;

import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Engine overhead in memory: records/s through source, hand-off, guard slot, transforms slot and
 * sink, next to a hand-written loop that moves the same records from the same source to the same
 * sink with no engine ({@link #baselineCopyLoop}).
 *
 * <p>One benchmark invocation is one whole migration run of {@link #RECORDS_PER_RUN} records, so
 * JMH's "ops" are records ({@link OperationsPerInvocation}) and its {@code gc.alloc.rate.norm}
 * is bytes allocated per record. The run is long enough (a second or more) for the 100 ms and
 * 1 s checkpoint triggers to fire inside it; the engine's per-run costs (building the
 * configuration, the hand-off, the final checkpoint) are included and amortize over the run.
 *
 * <p>The reader side runs on a single thread the benchmark owns, kept across invocations, so JMH's
 * GC profiler (which sums live threads) also sees what the reader allocates, and so thread start
 * is not measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineThroughputBenchmark {

  /** Records per batch: the engine's default poll size. */
  static final int BATCH_SIZE = 1_000;

  /** Distinct batches held in memory; the source cycles through them. */
  static final int DISTINCT_BATCHES = 256;

  /** Records moved by one invocation (one migration run). */
  static final int RECORDS_PER_RUN = 50_000_000;

  static final int PARTITIONS = 4;

  /** The records both the engine and the baseline move. */
  @State(Scope.Benchmark)
  public static class Input {
    /** Value size in bytes: 100 B and 1 KB records. */
    @Param({"100", "1024"})
    public int recordSize;

    /** How each batch spreads over the partitions; see {@link Records.Layout}. */
    @Param({"RUNS", "INTERLEAVED"})
    public Records.Layout layout;

    List<List<Record>> batches;

    @Setup(Level.Trial)
    public void build() {
      batches = Records.batches(DISTINCT_BATCHES, BATCH_SIZE, recordSize, PARTITIONS, layout);
    }

    PrebuiltSource source() {
      return new PrebuiltSource(batches, RECORDS_PER_RUN / BATCH_SIZE);
    }
  }

  /** The delivery protocol and checkpoint interval under test. */
  public enum Protocol {
    /** Non-transactional sink: flush, then save to an in-memory store, every 100 ms. */
    AT_LEAST_ONCE_100MS(DeliveryGuarantee.AT_LEAST_ONCE, 100),
    /** Transactional sink: commit (data and checkpoint together) every 10 ms. */
    EXACTLY_ONCE_10MS(DeliveryGuarantee.EXACTLY_ONCE, 10),
    /** Transactional sink: commit every 100 ms. */
    EXACTLY_ONCE_100MS(DeliveryGuarantee.EXACTLY_ONCE, 100),
    /** Transactional sink: commit every second. */
    EXACTLY_ONCE_1S(DeliveryGuarantee.EXACTLY_ONCE, 1_000);

    final DeliveryGuarantee guarantee;
    final Duration interval;

    Protocol(DeliveryGuarantee guarantee, long intervalMillis) {
      this.guarantee = guarantee;
      this.interval = Duration.ofMillis(intervalMillis);
    }
  }

  /** The engine's configuration, and the reader thread it runs on. */
  @State(Scope.Benchmark)
  public static class Engine {
    @Param
    public Protocol protocol;

    /**
     * Batches in flight between reader and writer. 64 is the engine's default; {@code -p
     * handoffCapacity=8} shows how much of the cost is thread wake-ups (for 1 KB records the
     * 8 MiB byte bound stops the reader at 8 batches either way).
     */
    @Param({"64"})
    public int handoffCapacity;

    ExecutorService reader;

    @Setup(Level.Trial)
    public void startReader() {
      reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-reader"));
    }

    @TearDown(Level.Trial)
    public void stopReader() {
      reader.shutdownNow();
    }

    Migration migration(PrebuiltSource source, Sink sink) {
      Migration.Builder builder =
          Migration.builder()
              .id("bench")
              .source(source)
              .sink(sink)
              .guarantee(protocol.guarantee)
              .batchSize(BATCH_SIZE)
              .handoffCapacity(handoffCapacity)
              .checkpointTrigger(CheckpointTrigger.every(protocol.interval))
              .readerExecutor(reader);
      if (protocol.guarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
        builder.checkpointStore(InMemoryCheckpointStore.create());
      }
      return builder.build();
    }

    Sink sink() {
      return protocol.guarantee == DeliveryGuarantee.EXACTLY_ONCE
          ? new DiscardingTransactionalSink()
          : new DiscardingSink();
    }
  }

  /** The engine moves {@link #RECORDS_PER_RUN} records; returns a value that depends on each. */
  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_RUN)
  public long engine(Input input, Engine engine) {
    Sink sink = engine.sink();
    MigrationResult result;
    try (Migration migration = engine.migration(input.source(), sink)) {
      result = migration.run();
    }
    DiscardingSink discarding = (DiscardingSink) sink;
    if (result.records() != RECORDS_PER_RUN || discarding.records() != RECORDS_PER_RUN) {
      throw new IllegalStateException("moved " + discarding.records() + " records: " + result);
    }
    return discarding.checksum();
  }

  /**
   * Baseline: the same source and sink, joined by the simplest loop that could move the records:
   * poll, write, and a flush at the end. One thread, no hand-off, no checkpoints.
   */
  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_RUN)
  public long baselineCopyLoop(Input input) {
    PrebuiltSource source = input.source();
    DiscardingSink sink = new DiscardingSink();
    Duration timeout = Duration.ofMillis(100);
    while (!source.isEndOfInput()) {
      List<Record> batch = source.poll(BATCH_SIZE, timeout);
      if (!batch.isEmpty()) {
        sink.write(batch);
      }
    }
    sink.flush();
    if (sink.records() != RECORDS_PER_RUN) {
      throw new IllegalStateException("moved " + sink.records() + " records");
    }
    return sink.checksum();
  }
}
