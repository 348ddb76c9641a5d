package io.streammigration.testkit.guide;

import static io.streammigration.testkit.guide.GuideFiles.document;
import static io.streammigration.testkit.guide.GuideFiles.writeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.testkit.memory.StandaloneSourceContext;
import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.spi.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond the contract: the errors {@link JsonDirectorySource} promises, each a {@link
 * SourceCorruptionException} naming the file to look at, and its bounded-input rule.
 */
class JsonDirectorySourceErrorsTest {

  @TempDir Path directory;

  @Test
  void aGapInTheSequencesIsCorruptionNamingTheMissingFile() {
    writeFile(directory.resolve("p0"), 0, document("a"));
    writeFile(directory.resolve("p0"), 2, document("c"));
    assertThatThrownBy(this::openAndDrain)
        .isInstanceOfSatisfying(
            SourceCorruptionException.class,
            e -> {
              assertThat(e.location()).endsWith("00000001.json");
              assertThat(e.partition()).isEqualTo(PartitionId.of("p0"));
              assertThat(e.position()).isEqualTo(Position.of(1));
            });
  }

  @Test
  void aJsonFileWithoutASequenceNameIsCorruptionNamingIt() {
    writeFile(directory.resolve("p0"), 0, document("a"));
    writeFile(directory.resolve("p0"), "notes.txt", document("ignored: not a .json file"));
    writeFile(directory.resolve("p0"), "notes.json", document("b"));
    assertThatThrownBy(this::openAndDrain)
        .isInstanceOfSatisfying(
            SourceCorruptionException.class,
            e -> assertThat(e.location()).endsWith("notes.json"));
  }

  @Test
  void anInvalidDocumentIsCorruptionAtItsPosition() {
    writeFile(directory.resolve("p0"), 0, document("a"));
    byte[] invalid = "{\"key\":\"not base64!\"}".getBytes(StandardCharsets.UTF_8);
    writeFile(directory.resolve("p0"), 1, invalid);
    assertThatThrownBy(this::openAndDrain)
        .isInstanceOfSatisfying(
            SourceCorruptionException.class,
            e -> {
              assertThat(e.location()).endsWith("00000001.json");
              assertThat(e.position()).isEqualTo(Position.of(1));
            });
  }

  @Test
  void aFailedPollDoesNotSkipTheRecordsItHadAlreadyRead() {
    writeFile(directory.resolve("p0"), 0, document("a"));
    Path bad = writeFile(directory.resolve("p0"), 1, "garbage".getBytes(StandardCharsets.UTF_8));
    try (Source source = new JsonDirectorySource(directory)) {
      source.open(new StandaloneSourceContext("test"), Optional.empty());
      assertThatThrownBy(() -> source.poll(10, Duration.ZERO))
          .isInstanceOf(SourceCorruptionException.class);
      writeFile(bad.getParent(), 1, document("b")); // the operator repairs the file
      assertThat(source.poll(10, Duration.ZERO))
          .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("a", "b");
    }
  }

  @Test
  void filesAddedAfterOpenAreNotPartOfTheBoundedInput() {
    writeFile(directory.resolve("p0"), 0, document("a"));
    try (Source source = new JsonDirectorySource(directory)) {
      source.open(new StandaloneSourceContext("test"), Optional.empty());
      writeFile(directory.resolve("p0"), 1, document("late"));
      assertThat(source.poll(10, Duration.ZERO)).hasSize(1);
      assertThat(source.isEndOfInput()).isTrue();
    }
  }

  private void openAndDrain() {
    try (Source source = new JsonDirectorySource(directory)) {
      source.open(new StandaloneSourceContext("test"), Optional.empty());
      while (!source.isEndOfInput()) {
        source.poll(10, Duration.ZERO);
      }
    }
  }
}
