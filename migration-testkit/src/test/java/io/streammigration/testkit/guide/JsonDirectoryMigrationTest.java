package io.streammigration.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.Endpoint;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.memory.StreamSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's examples in a real exactly-once migration: a directory of documents is migrated to
 * another, the process dies mid-way, a new process resumes, and the committed output must equal
 * the input exactly (content, timestamps, order and positions), with no file left over.
 */
class JsonDirectoryMigrationTest {

  @TempDir Path temp;

  // tag::migration[]
  static Migration migration(Source source, Sink sink) {
    return Migration.builder()
        .id("json-directory-guide")
        .source(source)
        .sink(sink)
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        // The source's positions are dense, so the guard can check for gaps as well as order.
        .ordering(Ordering.perPartition())
        .checkpointTrigger(CheckpointTrigger.everyRecords(50))
        .batchSize(20)
        .build();
  }
  // end::migration[]

  // tag::crash-and-resume[]
  @Test
  void aCrashBeforeTheThirdCommitLosesNothingAndDuplicatesNothing() throws IOException {
    Path input = GuideFiles.newDirectory(temp, "input-");
    Path output = temp.resolve("output");
    StreamSpec spec = StreamSpec.builder().partitions(3, 80).build();
    SortedMap<PartitionId, List<Record>> expected =
        GuideFiles.writeInput(input, spec.generate().byPartition());

    // Run 1 dies just before its third commit: two intervals committed, the third only written.
    CrashSwitch crash = CrashSwitch.at(ProtocolStep.beforeSink(SpiMethod.COMMIT, 3));
    Source source = crash.guard(new JsonDirectorySource(input));
    Sink sink = crash.guard(new JsonDirectorySink(output));
    Migration first = migration(source, sink);
    assertThatThrownBy(first::run).isInstanceOf(SimulatedCrash.class);
    long committed = count(CommittedOutput.read(output));
    assertThat(committed).isPositive().isLessThan(count(expected));
    assertThat(recordFiles(output)).isGreaterThan(committed); // written, never committed

    // Run 2: fresh adapters over the same directories, as a restarted process would build them.
    MigrationResult second =
        migration(new JsonDirectorySource(input), new JsonDirectorySink(output)).run();

    assertThat(second.resumedFrom()).map(Checkpoint::id).contains(2L);
    assertThat(second.endOfInput()).isTrue();
    assertThat(CommittedOutput.read(output)).isEqualTo(expected);
    assertThat(recordFiles(output)).isEqualTo(count(expected)); // recover() discarded the rest
  }
  // end::crash-and-resume[]

  /**
   * Exhaustive: a small migration is crashed once at each step its crash-free run passes (every
   * call into either adapter, before and after), then resumed; each time the committed output
   * must equal the input exactly.
   */
  @Test
  void exactlyOnceHoldsAfterACrashAtEachProtocolStep() {
    Path input = GuideFiles.newDirectory(temp, "input-");
    StreamSpec spec = StreamSpec.builder().recordsPerPartition(30, 12, 0).build();
    SortedMap<PartitionId, List<Record>> expected =
        GuideFiles.writeInput(input, spec.generate().byPartition());
    expected.values().removeIf(List::isEmpty); // an empty partition directory yields no records
    List<ProtocolStep> steps =
        CrashSwitch.stepsOf(sw -> run(input, GuideFiles.newDirectory(temp, "dry-run-"), sw));
    assertThat(steps).hasSizeGreaterThan(20);

    for (ProtocolStep step : steps) {
      Path output = GuideFiles.newDirectory(temp, "output-");
      try {
        run(input, output, CrashSwitch.at(step));
        // Only the reader's polls after the end can depend on timing; every sink step recurs.
        assertThat(step.endpoint()).as("step %s did not recur", step).isEqualTo(Endpoint.SOURCE);
      } catch (SimulatedCrash expectedCrash) {
        run(input, output, CrashSwitch.recording());
      }
      assertThat(CommittedOutput.read(output))
          .as("committed output after a crash %s and a restart", step)
          .isEqualTo(expected);
    }
  }

  @Test
  void atLeastOnceOverThisTransactionalSinkStillPublishesThroughCommit() throws IOException {
    Path input = GuideFiles.newDirectory(temp, "input-");
    Path output = temp.resolve("output");
    SortedMap<PartitionId, List<Record>> expected =
        GuideFiles.writeInput(input, StreamSpec.builder().partitions(2, 60).build().generate().byPartition());

    Migration.builder()
        .source(new JsonDirectorySource(input))
        .sink(new JsonDirectorySink(output))
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(25))
        .build()
        .run();

    assertThat(CommittedOutput.read(output)).isEqualTo(expected);
  }

  private static void run(Path input, Path output, CrashSwitch crash) {
    migration(
            crash.guard(new JsonDirectorySource(input)), crash.guard(new JsonDirectorySink(output)))
        .run();
  }

  private static long count(SortedMap<PartitionId, List<Record>> records) {
    return records.values().stream().mapToLong(List::size).sum();
  }

  private static long recordFiles(Path output) throws IOException {
    try (Stream<Path> files = Files.walk(output.resolve("data"))) {
      return files.filter(f -> f.toString().endsWith(".json")).count();
    }
  }
}
