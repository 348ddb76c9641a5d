package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log rotation by rename, truncation (copytruncate) and name reuse, each with its outcome. */
class RotationTest {

  @TempDir Path dir;
  @TempDir Path state;

  private Path log() {
    return dir.resolve("app.log");
  }

  private FileSourceConfig.Builder following() {
    return FileSourceConfig.builder(dir)
        .format(RecordFormat.NEWLINE_DELIMITED)
        .segmentOrder(SegmentOrder.rotation("app.log"))
        .segmentRegistry(state.resolve("segments"))
        .partitionName("app")
        .follow(true)
        .idleWait(Duration.ofMillis(2))
        .rotationGrace(Duration.ofMillis(300));
  }

  private static void lines(Path file, int from, int to) throws IOException {
    StringBuilder b = new StringBuilder();
    IntStream.range(from, to).forEach(i -> b.append("line-").append(i).append('\n'));
    Files.writeString(file, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static List<String> expected(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "line-" + i).toList();
  }

  private static Checkpoint after(Record last) {
    return Checkpoint.builder(1).position(last.partition(), last.position()).build();
  }

  @Test
  void renameAndCreateRotationIsFollowedWithoutLossAndResumesAcrossAnotherRotation()
      throws IOException {
    lines(log(), 0, 100);
    FileSource source = SourceFiles.open(following().build(), Optional.empty());
    List<Record> got = new ArrayList<>(SourceFiles.pollUntil(source, 100));
    // The logger writes a little more, is rotated, keeps writing to its old descriptor, then
    // reopens.
    lines(log(), 100, 150);
    Files.move(log(), dir.resolve("app.log.1"));
    lines(dir.resolve("app.log.1"), 150, 160);
    lines(log(), 160, 200);
    got.addAll(SourceFiles.pollUntil(source, 100));
    source.close();
    assertThat(SourceFiles.utf8Values(got)).isEqualTo(expected(0, 200));

    // Rotate again while nothing runs; the registry maps the renamed files to their ordinals.
    Files.move(dir.resolve("app.log.1"), dir.resolve("app.log.2"));
    Files.move(log(), dir.resolve("app.log.1"));
    lines(log(), 200, 250);
    FileSource resumed =
        SourceFiles.open(following().build(), Optional.of(after(got.get(got.size() - 1))));
    List<Record> rest = SourceFiles.pollUntil(resumed, 50);
    rest.addAll(resumed.poll(100, Duration.ofMillis(20)));
    resumed.close();
    assertThat(SourceFiles.utf8Values(rest)).isEqualTo(expected(200, 250));
    assertThat(rest.get(0).position()).isGreaterThan(got.get(got.size() - 1).position());
  }

  @Test
  void linesALoggerWritesToTheRenamedFileAfterTheSourceSawItsSuccessorAreNotLost()
      throws Exception {
    lines(log(), 0, 10);
    FileSource source = SourceFiles.open(following().build(), Optional.empty());
    List<Record> got = new ArrayList<>(SourceFiles.pollUntil(source, 10));
    Files.move(log(), dir.resolve("app.log.1"));
    lines(log(), 20, 30); // the new file appears while the logger still holds the old one
    got.addAll(source.poll(100, Duration.ofMillis(100))); // the source sees the successor
    lines(dir.resolve("app.log.1"), 10, 20); // late lines, within the grace
    got.addAll(SourceFiles.pollUntil(source, 30 - got.size()));
    source.close();
    assertThat(SourceFiles.utf8Values(got)).isEqualTo(expected(0, 30));
  }

  @Test
  void aSourceOverOneFilePathFollowsItAcrossARenameAndRecreate() throws IOException {
    lines(log(), 0, 20);
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(log())
                .format(RecordFormat.NEWLINE_DELIMITED)
                .follow(true)
                .idleWait(Duration.ofMillis(2))
                .build(),
            Optional.empty());
    List<Record> got = new ArrayList<>(SourceFiles.pollUntil(source, 20));
    lines(log(), 20, 25);
    Files.move(log(), dir.resolve("app.log.old"));
    lines(log(), 25, 40);
    got.addAll(SourceFiles.pollUntil(source, 20));
    source.close();
    assertThat(SourceFiles.utf8Values(got)).isEqualTo(expected(0, 40));
  }

  @Test
  void aResumeInTheMiddleOfARenamedSegmentContinuesAtTheCheckpointedByte() throws IOException {
    lines(log(), 0, 100);
    FileSource source = SourceFiles.open(following().build(), Optional.empty());
    List<Record> got = SourceFiles.pollUntil(source, 100);
    source.close();
    Record middle = got.get(41);
    Files.move(log(), dir.resolve("app.log.1"));
    lines(log(), 100, 110);
    FileSource resumed = SourceFiles.open(following().build(), Optional.of(after(middle)));
    assertThat(SourceFiles.utf8Values(SourceFiles.pollUntil(resumed, 68)))
        .isEqualTo(expected(42, 110));
    resumed.close();
  }

  @Test
  void aTruncatedFileFailsByDefaultNamingItsSizeAndTheOffsetRead() throws IOException {
    lines(log(), 0, 10);
    FileSource source = SourceFiles.open(following().build(), Optional.empty());
    SourceFiles.pollUntil(source, 10);
    truncate(log());
    lines(log(), 0, 2);
    assertThatThrownBy(() -> SourceFiles.pollUntil(source, 1))
        .isInstanceOfSatisfying(
            SegmentTruncatedException.class,
            e -> {
              assertThat(e.location()).isEqualTo(log().toString());
              assertThat(e.getMessage()).contains("shrank to 14 bytes").contains("offset 70");
            });
    source.close();
  }

  @Test
  void withRestartPolicyATruncatedFileIsReadAgainAsANewSegmentAndReported() throws IOException {
    lines(log(), 0, 10);
    FileSource source =
        SourceFiles.open(
            following().truncation(TruncationPolicy.RESTART_SEGMENT).build(), Optional.empty());
    List<Record> before = SourceFiles.pollUntil(source, 10);
    truncate(log());
    lines(log(), 500, 502);
    List<Record> after = SourceFiles.pollUntil(source, 2);
    source.close();
    assertThat(SourceFiles.utf8Values(after)).isEqualTo(expected(500, 502));
    assertThat(after.get(0).position()).isGreaterThan(before.get(9).position());
    assertThat(source.skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("shrank"));
  }

  @Test
  void aCheckpointPastTheEndOfItsSegmentIsRefusedAtOpen() throws IOException {
    lines(log(), 0, 10);
    FileSource source = SourceFiles.open(following().build(), Optional.empty());
    List<Record> got = SourceFiles.pollUntil(source, 10);
    source.close();
    truncate(log());
    lines(log(), 0, 1);
    assertThatThrownBy(() -> SourceFiles.open(following().build(), Optional.of(after(got.get(9)))))
        .isInstanceOf(SegmentTruncatedException.class)
        .hasMessageContaining("fewer than the checkpointed offset 70");
  }

  @Test
  void aNewFileUnderAReusedNameIsReadFromItsStartNotFromTheOldOffset() throws IOException {
    lines(log(), 0, 10);
    FileSourceConfig bounded =
        FileSourceConfig.builder(dir)
            .format(RecordFormat.NEWLINE_DELIMITED)
            .segmentRegistry(state.resolve("segments"))
            .partitionName("app")
            .build();
    FileSource source = SourceFiles.open(bounded, Optional.empty());
    List<Record> got = SourceFiles.drain(source);
    source.close();
    Files.delete(log());
    lines(log(), 1000, 1020); // longer than before: only identity, not size, tells them apart
    FileSource resumed = SourceFiles.open(bounded, Optional.of(after(got.get(9))));
    List<Record> rest = SourceFiles.drain(resumed);
    resumed.close();
    assertThat(SourceFiles.utf8Values(rest)).isEqualTo(expected(1000, 1020));
    assertThat(rest.get(0).position().segment()).isGreaterThan(got.get(9).position().segment());
  }

  @Test
  void aDeletedCheckpointedSegmentIsReportedWhenNewerOnesExistAndFailsWhenNoneDo()
      throws IOException {
    lines(log(), 0, 10);
    FileSource source = SourceFiles.open(following().build(), Optional.empty());
    Checkpoint checkpoint = after(SourceFiles.pollUntil(source, 10).get(9));
    source.close();
    Files.move(log(), dir.resolve("app.log.1"));
    lines(log(), 10, 15);
    Files.delete(dir.resolve("app.log.1"));
    FileSource resumed = SourceFiles.open(following().build(), Optional.of(checkpoint));
    assertThat(SourceFiles.utf8Values(SourceFiles.pollUntil(resumed, 5)))
        .isEqualTo(expected(10, 15));
    assertThat(resumed.skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("is gone"));
    resumed.close();

    Files.delete(log());
    assertThatThrownBy(() -> SourceFiles.open(following().build(), Optional.of(checkpoint)))
        .isInstanceOf(SegmentTruncatedException.class)
        .hasMessageContaining("checkpointed segment 0");
  }

  private static void truncate(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
