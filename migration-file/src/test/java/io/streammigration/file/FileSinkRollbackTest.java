package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StandaloneSinkContext;
import io.streammigration.testkit.memory.StreamSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exactly-once file destination rolled back to an earlier checkpoint forgets what it committed
 * after it, and re-migrating from there leaves every record exactly once.
 */
class FileSinkRollbackTest {

  @TempDir Path root;

  private final GeneratedStream stream =
      StreamSpec.builder().partitions(2, 2_000).keys(10).build().generate();

  private MigrationResult migrate(Path out, Long rollbackTo) {
    Migration.Builder b =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(new FileSink(FileSinkConfig.builder(out).maxSegmentBytes(16 * 1024).build()))
            .batchSize(100)
            .checkpointTrigger(CheckpointTrigger.everyRecords(500));
    if (rollbackTo != null) {
      b.rollbackTo(rollbackTo);
    }
    return b.build().run();
  }

  private List<Record> committed(Path out) {
    return CommittedSegments.read(out);
  }

  @Test
  void rollingBackThenReMigratingGivesEveryRecordExactlyOnce() throws Exception {
    Path out = root.resolve("out");
    MigrationResult first = migrate(out, null);
    long segmentsBefore = segments(out);
    assertThat(segmentsBefore).as("the run rolled over several segments").isGreaterThan(2);

    MigrationResult second = migrate(out, 3L);

    assertThat(second.resumedFrom()).map(Checkpoint::id).contains(3L);
    assertThat(second.records()).isEqualTo(stream.size() - second.resumedFrom().orElseThrow().records());
    List<Record> records = committed(out);
    assertThat(records).hasSize(stream.size());
    for (var p : stream.partitions()) {
      assertThat(records.stream().filter(r -> r.partition().equals(p)).map(Record::value).toList())
          .containsExactlyElementsOf(stream.records(p).stream().map(Record::value).toList());
    }
    assertThat(first.lastCheckpoint()).isPresent();
  }

  @Test
  void theSinkListsWhatItCanRollBackToAndRefusesWhatItDoesNot() {
    Path out = root.resolve("out");
    migrate(out, null);
    FileSink sink = new FileSink(FileSinkConfig.builder(out).build());
    sink.open(new StandaloneSinkContext("rollback", DeliveryGuarantee.EXACTLY_ONCE));
    try {
      List<Checkpoint> history = sink.committedHistory(100);
      assertThat(history).extracting(Checkpoint::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
      assertThat(history.size()).isBetween(2, ManifestHistory.KEEP);
      assertThatThrownBy(() -> sink.rollbackTo(12_345))
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("no committed checkpoint 12345");
      assertThat(sink.recover()).contains(history.get(0)); // unchanged by the refused rollback
    } finally {
      sink.close();
    }
  }

  private static long segments(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(f -> f.getFileName().toString().startsWith("segment-")).count();
    }
  }
}
