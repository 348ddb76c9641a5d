package io.streammigration.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example runs as printed and does what the README says. */
class ReadmeEmbeddingExampleTest {

  @TempDir Path stateDir;

  @Test
  void theReadmeExampleMigratesEverythingAndMirrorsItsCheckpoints() {
    GeneratedStream stream = StreamSpec.builder().partitions(3, 20_000).keys(30).build().generate();
    InMemoryDestination destination = new InMemoryDestination();

    MigrationResult result =
        ReadmeEmbeddingExample.migrate(
            InMemorySource.bounded(stream), destination.newTransactionalSink(), stateDir);

    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    try (FileCheckpointStore store = FileCheckpointStore.open(stateDir)) {
      assertThat(store.latest()).isEqualTo(result.lastCheckpoint());
    }
  }
}
