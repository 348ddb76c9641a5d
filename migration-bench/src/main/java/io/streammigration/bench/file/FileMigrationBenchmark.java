package io.streammigration.bench.file;

import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.file.FileSink;
import io.streammigration.file.FileSource;
import io.streammigration.file.FileSourceConfig;
import io.streammigration.file.RecordFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * File to file through the real engine: a bounded {@link FileSource} over one file of 1 KiB
 * records, a {@link FileSink} into a fresh directory, a checkpoint every 100 ms; next to the
 * fastest way to copy the same bytes with the same durability cadence ({@link
 * #baselineFileChannelCopy}: {@code FileChannel.transferTo}, {@code force} every 100 ms).
 *
 * <p>EXACTLY_ONCE uses the transactional sink (each commit fsyncs the data, then replaces the
 * manifest: temporary file, fsync, rename, fsync of the directory; then keeps a copy of it for
 * rollback the same way). AT_LEAST_ONCE uses {@link
 * FileSink#appending} (each checkpoint fsyncs the data) with a {@link FileCheckpointStore} in the
 * same file system (each save: temporary file, fsync, rename, fsync of the directory), as a
 * deployment would; the engine gives any transactional sink the exactly-once protocol, so the
 * appending view is the only way to measure at-least-once.
 *
 * <p>One invocation migrates the whole input ({@link #RECORDS_PER_RUN} records, about 205 MB as
 * lines and 215 MB framed), so JMH's ops are records and {@code gc.alloc.rate.norm} is bytes per
 * record. The {@code mbPerSecond} counter adds the input's size per invocation, so JMH reports it
 * as MB/s (10^6 bytes) of input moved. The input file is written once per trial and is read from
 * the page cache; every invocation writes into a new directory, deleted after it (not timed), so
 * the destination's writes and fsyncs reach the disk in every run, the baseline's too.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FileMigrationBenchmark {

  /** Records in the input file; one invocation moves them all. */
  static final int RECORDS_PER_RUN = 200_000;

  /** Bytes per {@code transferTo} call in the baseline: as much as the sink buffers per write. */
  static final long COPY_CHUNK = 1 << 20;

  /** The input file, in the format under test. */
  @State(Scope.Benchmark)
  public static class Input {
    @Param({"FRAMED", "NEWLINE_DELIMITED"})
    public RecordFormat format;

    /** Records to write; only tests lower it (the JMH figures assume {@link #RECORDS_PER_RUN}). */
    int records = RECORDS_PER_RUN;

    Path work;
    Path file;
    long bytes;

    @Setup(Level.Trial)
    public void write() throws IOException {
      work = Files.createTempDirectory("bench-file-");
      file = work.resolve(format == RecordFormat.FRAMED ? "input.smf" : "input.log");
      bytes = SourceFiles.write(file, format, records);
    }

    @TearDown(Level.Trial)
    public void delete() {
      SourceFiles.deleteRecursively(work);
    }
  }

  /** The protocol, and the reader thread the engine runs on (kept, so thread start is not timed). */
  @State(Scope.Benchmark)
  public static class Engine {
    @Param({"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    public DeliveryGuarantee guarantee;

    ExecutorService reader;

    @Setup(Level.Trial)
    public void startReader() {
      reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-file-reader"));
    }

    @TearDown(Level.Trial)
    public void stopReader() {
      reader.shutdownNow();
    }
  }

  /** A new, empty destination directory per invocation, deleted after it. */
  @State(Scope.Thread)
  public static class Destination {
    Path directory;

    @Setup(Level.Invocation)
    public void create() throws IOException {
      directory = Files.createTempDirectory("bench-file-out-");
    }

    @TearDown(Level.Invocation)
    public void delete() {
      SourceFiles.deleteRecursively(directory);
    }
  }

  /**
   * Input bytes moved, in MB (10^6 bytes): JMH divides an {@link AuxCounters} field by the
   * iteration's time, so it reports MB/s under this name.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Moved {
    public double mbPerSecond;

    @Setup(Level.Iteration)
    public void reset() {
      mbPerSecond = 0;
    }
  }

  /** Migrates the input file into the destination through the engine; returns the records moved. */
  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_RUN)
  public long migrate(Input input, Engine engine, Destination out, Moved moved) {
    FileSource source =
        new FileSource(
            FileSourceConfig.builder(input.file)
                .format(input.format)
                .partitionName(SourceFiles.PARTITION)
                .build());
    MigrationResult result;
    try (FileToFile run =
        FileToFile.of(
            source, out.directory, input.format, engine.guarantee,
            b -> b.readerExecutor(engine.reader))) {
      result = run.migration.run();
    }
    if (result.records() != input.records) {
      throw new IllegalStateException("moved " + result.records() + " of " + input.records);
    }
    moved.mbPerSecond += input.bytes / 1e6;
    return result.records();
  }

  /**
   * Baseline: the input file's bytes copied into the destination with {@code transferTo} (a
   * kernel-side copy, no Java buffer), 1 MiB per call, {@code force(false)} every 100 ms and at
   * the end: the same bytes with the same durability cadence and nothing else.
   */
  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_RUN)
  public long baselineFileChannelCopy(Input input, Destination out, Moved moved)
      throws IOException {
    long interval = FileToFile.COMMIT_EVERY.toNanos();
    long copied = 0;
    try (FileChannel in = FileChannel.open(input.file, StandardOpenOption.READ);
        FileChannel copy =
            FileChannel.open(
                out.directory.resolve("copy"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
      long size = in.size();
      long nextForce = System.nanoTime() + interval;
      while (copied < size) {
        copied += in.transferTo(copied, Math.min(COPY_CHUNK, size - copied), copy);
        if (System.nanoTime() - nextForce >= 0) {
          copy.force(false);
          nextForce = System.nanoTime() + interval;
        }
      }
      copy.force(false);
    }
    if (copied != input.bytes) {
      throw new IllegalStateException("copied " + copied + " of " + input.bytes + " bytes");
    }
    moved.mbPerSecond += input.bytes / 1e6;
    return copied;
  }
}
