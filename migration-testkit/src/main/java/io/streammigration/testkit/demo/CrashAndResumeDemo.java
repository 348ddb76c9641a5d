package io.streammigration.testkit.demo;

import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small, runnable exactly-once migration on embedded defaults: a generated stream of 200,000
 * records in 4 partitions is migrated into an in-memory transactional destination; the process
 * "crashes" just before its fifth commit, with a checkpoint interval written but not committed; a
 * restarted process resumes from the checkpoint the
 * destination committed, finishes, and the destination is verified record by record against the
 * source. Checkpoints are mirrored to a {@link FileCheckpointStore} in a temporary directory.
 *
 * <p>Run it with {@code mvn -B -q -DskipTests package exec:java -pl migration-testkit -am}.
 * Optional arguments: records per partition, partitions. Exits with status 1 if verification
 * fails.
 */
public final class CrashAndResumeDemo {

  private CrashAndResumeDemo() {}

  public static void main(String[] args) throws IOException {
    int perPartition = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    PrintStream out = System.out;

    GeneratedStream stream =
        StreamSpec.builder()
            .partitions(partitions, perPartition)
            .keys(partitions * 100)
            .tombstoneRatio(0.01)
            .valueSize(50, 150)
            .build()
            .generate();
    InMemoryDestination destination = new InMemoryDestination();
    Path checkpoints = Files.createTempDirectory("stream-migration-demo-");
    out.printf("source: %,d records in %d partitions%n", stream.size(), partitions);
    out.printf("checkpoints mirrored to %s%n%n", checkpoints);

    CrashSwitch crash = CrashSwitch.at(ProtocolStep.beforeSink(SpiMethod.COMMIT, 5));
    try {
      run(stream, destination, checkpoints, crash);
      out.println("run 1 finished without crashing (the stream is shorter than five checkpoints)");
    } catch (SimulatedCrash e) {
      out.printf(
          "run 1: simulated crash %s; committed so far: %,d records (checkpoint %d)%n",
          e.step().map(Object::toString).orElse("?"),
          destination.committedCount(),
          destination.committedCheckpoint().map(c -> c.id()).orElse(0L));
      out.printf(
          "       written but never committed, discarded on restart: %,d records%n%n",
          destination.writtenCount() - destination.committedCount());
    }

    MigrationResult result = run(stream, destination, checkpoints, CrashSwitch.recording());
    double seconds = result.duration().toNanos() / 1e9;
    out.printf(
        "run 2: resumed from checkpoint %d, delivered %,d records in %.2f s (%,.0f records/s),"
            + " %d checkpoints%n",
        result.resumedFrom().map(c -> c.id()).orElse(0L),
        result.records(),
        seconds,
        result.records() / Math.max(seconds, 1e-9),
        result.checkpoints());
    out.println();

    boolean verified = verify(stream, destination, out);
    out.printf(
        "%ncheckpoints mirrored to files (the sink holds the authoritative one): %s%n",
        listCheckpointFiles(checkpoints));
    if (!verified) {
      System.exit(1);
    }
  }

  private static MigrationResult run(
      GeneratedStream stream, InMemoryDestination destination, Path checkpoints, CrashSwitch crash) {
    try (FileCheckpointStore mirror = FileCheckpointStore.open(checkpoints);
        Migration migration =
            Migration.builder()
                .id("demo")
                .source(crash.guard(InMemorySource.bounded(stream)))
                .sink(crash.guard(destination.newTransactionalSink()))
                .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .checkpointStore(mirror)
                .ordering(Ordering.perPartition())
                .checkpointTrigger(
                    CheckpointTrigger.everyRecords(20_000)
                        .or(CheckpointTrigger.every(Duration.ofMillis(200))))
                .build()) {
      return migration.run();
    }
  }

  /** Compares the committed destination with the source, partition by partition, in order. */
  private static boolean verify(
      GeneratedStream stream, InMemoryDestination destination, PrintStream out) {
    boolean ok = true;
    for (PartitionId partition : stream.partitions()) {
      List<Record> expected = stream.records(partition);
      List<Record> actual = destination.committedRecords(partition);
      boolean equal = expected.equals(actual);
      ok &= equal;
      out.printf(
          "verify %s: source %,d, destination %,d, %s%n",
          partition,
          expected.size(),
          actual.size(),
          equal ? "identical, in order" : "DIFFERENT");
    }
    out.println(
        ok
            ? "verified: every record exactly once, in order, despite the crash"
            : "VERIFICATION FAILED");
    return ok;
  }

  private static List<String> listCheckpointFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted(Comparator.naturalOrder()).toList();
    }
  }
}
