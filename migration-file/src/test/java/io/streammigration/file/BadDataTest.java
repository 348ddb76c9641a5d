package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bit flips, oversized records, CRLF and 4-byte UTF-8 across buffer boundaries. */
class BadDataTest {

  @TempDir Path dir;

  @Test
  void aBoundedSourceOnAMissingPathFailsNamingItRatherThanMigratingNothing() {
    Path typo = dir.resolve("app.lgo");
    assertThatThrownBy(() -> SourceFiles.open(FileSourceConfig.ofDefaults(typo), Optional.empty()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining(typo.toString())
        .hasMessageContaining("does not exist");
    // Following, the path may appear later: the source waits for it.
    FileSource following =
        SourceFiles.open(FileSourceConfig.builder(typo).follow(true).build(), Optional.empty());
    assertThat(following.poll(10, java.time.Duration.ofMillis(20))).isEmpty();
    following.close();
  }

  @Test
  void aBitFlipMidFileFailsNamingTheFileAndTheFramesOffset() {
    SourceFiles.Layout layout = SourceFiles.layout(RecordFormat.FRAMED, SourceFiles.values(20));
    byte[] bytes = layout.bytes().clone();
    long start = layout.startOf(10);
    bytes[(int) start + 20] ^= 0x10;
    Path file = dir.resolve("flipped.smf");
    SourceFiles.write(file, bytes);
    FileSource source = SourceFiles.open(FileSourceConfig.ofDefaults(file), Optional.empty());
    assertThatThrownBy(() -> SourceFiles.drain(source))
        .isInstanceOfSatisfying(
            SourceCorruptionException.class,
            e -> {
              assertThat(e.location()).isEqualTo(file.toString());
              assertThat(e.position()).isEqualTo(Position.of(0, start));
              assertThat(e.getMessage())
                  .contains("CRC32C mismatch")
                  .contains("byte offset " + start);
            });
  }

  @Test
  void withSkipPolicyABitFlipSkipsExactlyThatFrameAndReportsIt() {
    SourceFiles.Layout layout = SourceFiles.layout(RecordFormat.FRAMED, SourceFiles.values(20));
    byte[] bytes = layout.bytes().clone();
    long start = layout.startOf(10);
    bytes[(int) start + 20] ^= 0x10;
    Path file = dir.resolve("flipped.smf");
    SourceFiles.write(file, bytes);
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(file).corruption(CorruptionPolicy.SKIP).build(),
            Optional.empty());
    List<Record> got = SourceFiles.drain(source);
    assertThat(got).hasSize(19);
    assertThat(got.stream().map(r -> r.position().offset()).toList())
        .doesNotContain(layout.ends().get(10))
        .contains(layout.ends().get(9), layout.ends().get(11));
    assertThat(source.skipped()).hasSize(1);
    assertThat(source.skipCount()).isEqualTo(1);
    SkippedBytes skip = source.skipped().get(0);
    assertThat(skip.offset()).isEqualTo(start);
    assertThat(skip.length()).isEqualTo(layout.ends().get(10) - start);
  }

  @Test
  void everySkipIsCountedWhileOnlyTheLatestReportsAreKept() {
    SourceFiles.Layout layout = SourceFiles.layout(RecordFormat.FRAMED, SourceFiles.values(4000));
    byte[] bytes = layout.bytes().clone();
    for (int i = 0; i < 4000; i += 2) {
      bytes[(int) layout.startOf(i) + 12] ^= 0x01; // inside the timestamp: a CRC mismatch
    }
    Path file = dir.resolve("damaged.smf");
    SourceFiles.write(file, bytes);
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(file).corruption(CorruptionPolicy.SKIP).build(),
            Optional.empty());
    assertThat(SourceFiles.drain(source)).hasSize(2000);
    assertThat(source.skipCount()).isEqualTo(2000);
    assertThat(source.skipped()).hasSize(FileSource.SKIPS_KEPT);
    assertThat(source.skipped().get(FileSource.SKIPS_KEPT - 1).offset())
        .isEqualTo(layout.startOf(3998));
  }

  @Test
  void anImpossibleFrameLengthIsCorruption() {
    SourceFiles.Layout layout = SourceFiles.layout(RecordFormat.FRAMED, SourceFiles.values(5));
    byte[] bytes = layout.bytes().clone();
    int start = (int) layout.startOf(2);
    bytes[start] = 0;
    bytes[start + 1] = 0;
    bytes[start + 2] = 0;
    bytes[start + 3] = 3; // shorter than any body
    Path file = dir.resolve("short.smf");
    SourceFiles.write(file, bytes);
    FileSource source = SourceFiles.open(FileSourceConfig.ofDefaults(file), Optional.empty());
    assertThatThrownBy(() -> SourceFiles.drain(source))
        .isInstanceOf(SourceCorruptionException.class)
        .hasMessageContaining("impossible frame length 3")
        .hasMessageContaining(file.toString());
  }

  @Test
  void anOversizedFrameIsATypedErrorAtItsOffset() {
    SourceFiles.Layout layout =
        SourceFiles.layout(
            RecordFormat.FRAMED, List.of(new byte[10], new byte[5000], new byte[10]));
    Path file = dir.resolve("big.smf");
    SourceFiles.write(file, layout.bytes());
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(file).maxRecordSize(1000).build(), Optional.empty());
    assertThatThrownBy(() -> SourceFiles.drain(source))
        .isInstanceOfSatisfying(
            RecordTooLargeException.class,
            e -> assertThat(e.position()).isEqualTo(Position.of(0, layout.startOf(1))));
  }

  @Test
  void aRunawayLineFailsOnceItPassesTheLimitWithoutBufferingIt() throws IOException {
    Path file = dir.resolve("runaway.log");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("ok\n".getBytes(StandardCharsets.UTF_8));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 64; i++) {
        out.write(chunk); // 64 MiB without a line feed
      }
    }
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(file)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .maxRecordSize(64 * 1024)
                .build(),
            Optional.empty());
    assertThat(source.poll(10, java.time.Duration.ofMillis(100))).hasSize(1);
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    assertThatThrownBy(() -> source.poll(10, java.time.Duration.ofMillis(100)))
        .isInstanceOfSatisfying(
            RecordTooLargeException.class,
            e -> {
              assertThat(e.position()).isEqualTo(Position.of(0, 3));
              assertThat(e.getMessage()).contains("maxRecordSize 65536");
            });
    long after = rt.totalMemory() - rt.freeMemory();
    assertThat(after - before)
        .as("heap growth while rejecting a 64 MiB line")
        .isLessThan(32L << 20);
  }

  @Test
  void withSkipPolicyAnOversizedLineIsSkippedToTheNextLineAndReported() {
    byte[] bytes = ("a\n" + "y".repeat(10_000) + "\r\nb\n").getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("long.log");
    SourceFiles.write(file, bytes);
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(file)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .maxRecordSize(100)
                .readBufferSize(4096)
                .corruption(CorruptionPolicy.SKIP)
                .build(),
            Optional.empty());
    assertThat(SourceFiles.utf8Values(SourceFiles.drain(source))).containsExactly("a", "b");
    assertThat(source.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.offset()).isEqualTo(2);
              assertThat(s.length()).isEqualTo(10_002);
            });
  }

  @Test
  void crlfAndFourByteUtf8AreKeptExactWhereverBufferBoundariesFall() {
    String emoji = "\uD83D\uDE00"; // F0 9F 98 80
    StringBuilder text = new StringBuilder();
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String value = "#".repeat(i % 7) + emoji + i + (i % 5 == 0 ? "\r" + "x" : "") + emoji;
      expected.add(value);
      text.append(value).append(i % 2 == 0 ? "\r\n" : "\n");
    }
    Path file = dir.resolve("edges.log");
    SourceFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(file)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .readBufferSize(4096)
                .build(),
            Optional.empty());
    List<Record> got = SourceFiles.drain(source);
    assertThat(SourceFiles.utf8Values(got)).isEqualTo(expected);
    assertThat(got.get(got.size() - 1).position().offset())
        .isEqualTo(Files.exists(file) ? fileSize(file) : -1);
  }

  @Test
  void aCrAtTheEndOfTheVisibleBytesIsNotALineEnd() {
    Path file = dir.resolve("cr.log");
    SourceFiles.write(file, "one\r".getBytes(StandardCharsets.UTF_8));
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(file)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .follow(true)
                .build(),
            Optional.empty());
    assertThat(source.poll(10, java.time.Duration.ofMillis(50))).isEmpty();
    SourceFiles.append(file, "\ntwo\n".getBytes(StandardCharsets.UTF_8), 0, 5);
    assertThat(SourceFiles.utf8Values(SourceFiles.pollUntil(source, 2)))
        .containsExactly("one", "two");
    source.close();
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
