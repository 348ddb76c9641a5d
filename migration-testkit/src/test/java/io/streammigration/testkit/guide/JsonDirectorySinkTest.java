package io.streammigration.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond the contract: what {@link JsonDirectorySink} promises about its files, its manifest and
 * the guarantees it accepts.
 */
class JsonDirectorySinkTest {

  @TempDir Path directory;

  private final SinkContext exactlyOnce = context(DeliveryGuarantee.EXACTLY_ONCE);

  @Test
  void recoverDeletesExactlyTheFilesTheManifestDoesNotCount() throws IOException {
    JsonDirectorySink first = new JsonDirectorySink(directory);
    first.open(exactlyOnce);
    first.recover();
    first.write(List.of(record("p0", 0), record("p0", 1)));
    first.commit(Checkpoint.builder(1).position(PartitionId.of("p0"), Position.of(1)).build());
    first.write(List.of(record("p0", 2), record("p1", 0)));
    Path foreign = Files.writeString(directory.resolve("data/p0/README.txt"), "not ours");
    // the process dies here: no close, no commit

    JsonDirectorySink second = new JsonDirectorySink(directory);
    second.open(exactlyOnce);
    second.recover();
    assertThat(files()).containsExactlyInAnyOrder("data/p0/00000000.json", "data/p0/00000001.json",
        "data/p0/README.txt", "MANIFEST");
    assertThat(foreign).exists();
  }

  @Test
  void aCorruptManifestIsRefusedNamingItAndNothingIsDeleted() throws IOException {
    JsonDirectorySink sink = new JsonDirectorySink(directory);
    sink.open(exactlyOnce);
    sink.recover();
    sink.write(List.of(record("p0", 0)));
    sink.commit(Checkpoint.builder(1).position(PartitionId.of("p0"), Position.of(0)).build());
    Path manifest = directory.resolve(CommitManifest.FILE_NAME);
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[bytes.length / 2] ^= 1;
    Files.write(manifest, bytes);

    JsonDirectorySink restarted = new JsonDirectorySink(directory);
    restarted.open(exactlyOnce);
    assertThatThrownBy(restarted::recover)
        .isInstanceOfSatisfying(
            CheckpointCorruptionException.class,
            e -> assertThat(e.location()).isEqualTo(manifest.toString()));
    assertThat(directory.resolve("data/p0/00000000.json")).exists();
  }

  @Test
  void aPartitionNameThatCannotNameADirectoryIsRefusedNamingIt() {
    JsonDirectorySink sink = new JsonDirectorySink(directory);
    sink.open(exactlyOnce);
    sink.recover();
    assertThatThrownBy(() -> sink.write(List.of(record("../escape", 0))))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("'../escape'");
  }

  @Test
  void writingWithoutRecoverIsAnError() {
    JsonDirectorySink sink = new JsonDirectorySink(directory);
    sink.open(exactlyOnce);
    assertThatThrownBy(() -> sink.write(List.of(record("p0", 0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before recover");
  }

  private List<String> files() throws IOException {
    try (Stream<Path> all = Files.walk(directory)) {
      return all.filter(Files::isRegularFile)
          .map(p -> directory.relativize(p).toString().replace('\\', '/'))
          .toList();
    }
  }

  private static Record record(String partition, long position) {
    return new Record(
        null,
        ("value " + position).getBytes(StandardCharsets.UTF_8),
        Headers.EMPTY,
        position,
        PartitionId.of(partition),
        Position.of(position));
  }

  private static SinkContext context(DeliveryGuarantee guarantee) {
    return new SinkContext() {
      @Override
      public String migrationId() {
        return "sink-test";
      }

      @Override
      public DeliveryGuarantee guarantee() {
        return guarantee;
      }
    };
  }
}
