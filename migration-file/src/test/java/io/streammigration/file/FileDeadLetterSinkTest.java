package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.DeadLetterPolicy;
import io.streammigration.core.policy.DeadLetterPolicy.Tolerance;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Transform;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional file sink serves as an exactly-once dead-letter sink: with a crash between
 * the dead-letter commit and the main commit, every rejected record lands in the dead-letter
 * directory exactly once and the rest in the main one, in order.
 */
class FileDeadLetterSinkTest {

  @TempDir Path root;

  private static final Predicate<Record> POISON =
      r -> r.value() != null && r.value().length > 0 && Math.floorMod(r.value()[0], 7) == 0;

  private static final Transform REJECT_POISON =
      (record, out) -> {
        if (POISON.test(record)) {
          throw new RecordRejectedException(record, "poison");
        }
        out.emit(record);
      };

  private final GeneratedStream stream =
      StreamSpec.builder().partitions(2, 1_000).keys(10).build().generate();

  private Migration migration(CrashSwitch crash, FileSink main, FileSink deadLetters) {
    return Migration.builder()
        .source(crash.guard(InMemorySource.bounded(stream)))
        .sink(crash.guard(main))
        .deadLetters(DeadLetterPolicy.to(crash.guard(deadLetters), Tolerance.unlimited()))
        .transform(REJECT_POISON)
        .batchSize(50)
        .checkpointTrigger(CheckpointTrigger.everyRecords(200))
        .build();
  }

  private static List<String> values(List<Record> records, PartitionId partition) {
    return values(records, partition, r -> true);
  }

  private static List<String> values(
      List<Record> records, PartitionId partition, Predicate<Record> which) {
    return records.stream()
        .filter(r -> r.partition().equals(partition) && which.test(r))
        .map(r -> HexFormat.of().formatHex(r.value()))
        .toList();
  }

  private static FileSink sink(Path directory) {
    return new FileSink(FileSinkConfig.builder(directory).build());
  }

  @Test
  void rejectedRecordsLandOnceInTheDeadLetterDirectoryThroughACrash() {
    Path main = root.resolve("main");
    Path deadLetters = root.resolve("dead-letters");
    // Commits alternate dead letters first, then main: #5 is the dead-letter sink's third commit
    // done, #6 the main sink's third not yet done. Crash between them.
    CrashSwitch crash = CrashSwitch.at(ProtocolStep.afterSink(SpiMethod.COMMIT, 5));
    FileSink dyingMain = sink(main);
    FileSink dyingDeadLetters = sink(deadLetters);
    assertThatThrownBy(() -> migration(crash, dyingMain, dyingDeadLetters).run())
        .isInstanceOf(SimulatedCrash.class);
    // A dead process's directory locks are released by the OS; here, by closing the instances.
    dyingMain.close();
    dyingDeadLetters.close();

    MigrationResult resumed =
        migration(CrashSwitch.recording(), sink(main), sink(deadLetters)).run();

    List<Record> kept = CommittedSegments.read(main);
    List<Record> rejected = CommittedSegments.read(deadLetters);
    for (PartitionId p : stream.partitions()) {
      assertThat(values(kept, p))
          .as("main destination of %s: the clean records, in order", p)
          .containsExactlyElementsOf(values(stream.records(p), p, POISON.negate()));
      assertThat(values(rejected, p))
          .as("dead letters of %s: each poison record once, in order", p)
          .containsExactlyElementsOf(values(stream.records(p), p, POISON));
    }
    assertThat(resumed.deadLetters()).isEqualTo(rejected.size());
  }
}
