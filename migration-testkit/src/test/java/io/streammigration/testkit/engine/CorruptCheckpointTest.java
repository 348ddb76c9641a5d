package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt latest checkpoint stops the engine before it reads a single record, with an error
 * that names the file; the operator then chooses an older checkpoint explicitly and the migration
 * resumes from it.
 */
class CorruptCheckpointTest {

  @TempDir Path dir;

  private final GeneratedStream stream =
      StreamSpec.builder().partitions(2, 500).keys(10).build().generate();

  private MigrationResult runAtLeastOnce(FileCheckpointStore store, InMemoryDestination destination) {
    return Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(destination.newSink())
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .checkpointStore(store)
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .batchSize(50)
        .build()
        .run();
  }

  private Path newestCheckpointFile() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).max(Path::compareTo).orElseThrow();
    }
  }

  @Test
  void theEngineRefusesACorruptLatestCheckpointNamingTheFileAndResumesFromAnExplicitOlderOne()
      throws IOException {
    InMemoryDestination first = new InMemoryDestination();
    runAtLeastOnce(FileCheckpointStore.open(dir), first);
    Path newest = newestCheckpointFile();
    try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
      file.seek(20);
      int b = file.read();
      file.seek(20);
      file.write(b ^ 0x10); // one flipped bit
    }

    FileCheckpointStore store = FileCheckpointStore.open(dir);
    InMemoryDestination second = new InMemoryDestination();
    assertThatThrownBy(() -> runAtLeastOnce(store, second))
        .isInstanceOfSatisfying(
            CheckpointCorruptionException.class,
            e -> assertThat(e.location()).contains(newest.getFileName().toString()))
        .hasMessageContaining(newest.getFileName().toString());
    assertThat(second.writtenCount()).as("nothing read before the refusal").isZero();

    List<Checkpoint> intact = store.history(10);
    assertThat(intact).as("older checkpoints kept for rollback").hasSizeGreaterThan(1);
    Checkpoint older = intact.get(0);
    store.rollbackTo(older.id());
    InMemoryDestination third = new InMemoryDestination();
    MigrationResult resumed = runAtLeastOnce(store, third);

    assertThat(resumed.resumedFrom()).contains(older);
    assertThat(third.committedCount()).isEqualTo(stream.size() - older.records());
    assertThat(store.latest().orElseThrow().records()).isEqualTo(stream.size());
  }
}
