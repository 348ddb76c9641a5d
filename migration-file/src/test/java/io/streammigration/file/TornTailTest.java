package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A file cut at every byte offset within its last three records (a writer killed mid-append, or
 * still appending): only complete records come out, and the rest, once appended, exactly once.
 */
class TornTailTest {

  private static final int RECORDS = 8;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void boundedReadStopsBeforeATornRecordAndReportsIt(RecordFormat format) {
    SourceFiles.Layout layout = SourceFiles.layout(format, SourceFiles.values(RECORDS));
    for (long cut = layout.startOf(RECORDS - 3); cut <= layout.bytes().length; cut++) {
      Path file = dir.resolve(format + "-" + cut);
      SourceFiles.write(file, Arrays.copyOf(layout.bytes(), (int) cut));
      FileSource source =
          SourceFiles.open(
              FileSourceConfig.builder(file)
                  .format(format)
                  .tornTail(TornTailPolicy.STOP_BEFORE)
                  .build(),
              Optional.empty());
      List<Record> got = SourceFiles.drain(source);
      source.close();
      int complete = layout.completeBefore(cut);
      assertThat(got).as("records from a file cut at %d", cut).hasSize(complete);
      assertValues(got, layout);
      boolean torn =
          complete == 0 ? cut > layout.firstStart() : cut > layout.ends().get(complete - 1);
      if (torn) {
        long start = layout.startOf(complete);
        assertThat(source.skipped())
            .as("torn tail reported at cut %d", cut)
            .containsExactly(
                new SkippedBytes(
                    file, start, cut - start, "torn record at the end of the segment"));
      } else {
        assertThat(source.skipped()).as("nothing skipped at record boundary %d", cut).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void boundedReadWithFailPolicyNamesTheTornRecordsOffset(RecordFormat format) {
    SourceFiles.Layout layout = SourceFiles.layout(format, SourceFiles.values(RECORDS));
    long start = layout.startOf(RECORDS - 1);
    Path file = dir.resolve("torn");
    SourceFiles.write(file, Arrays.copyOf(layout.bytes(), (int) start + 3));
    FileSource source =
        SourceFiles.open(FileSourceConfig.builder(file).format(format).build(), Optional.empty());
    assertThatThrownBy(() -> SourceFiles.drain(source))
        .isInstanceOfSatisfying(
            TornRecordException.class,
            e -> {
              assertThat(e.position()).isEqualTo(Position.of(0, start));
              assertThat(e.location()).isEqualTo(file.toString());
              assertThat(e.getMessage()).contains("byte offset " + start);
            });
    source.close();
  }

  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void followModeWaitsForTheRestOfATornRecordAndEmitsItOnce(RecordFormat format) {
    SourceFiles.Layout layout = SourceFiles.layout(format, SourceFiles.values(RECORDS));
    byte[] bytes = layout.bytes();
    for (long cut = layout.startOf(RECORDS - 3); cut < bytes.length; cut++) {
      Path file = dir.resolve(format + "-follow-" + cut);
      SourceFiles.write(file, Arrays.copyOf(bytes, (int) cut));
      FileSource source =
          SourceFiles.open(
              FileSourceConfig.builder(file)
                  .format(format)
                  .follow(true)
                  .idleWait(Duration.ofMillis(1))
                  .build(),
              Optional.empty());
      int complete = layout.completeBefore(cut);
      List<Record> got = new java.util.ArrayList<>(SourceFiles.pollUntil(source, complete));
      got.addAll(source.poll(100, Duration.ofMillis(5)));
      assertThat(got).as("before completing, cut at %d", cut).hasSize(complete);
      SourceFiles.append(file, bytes, (int) cut, bytes.length);
      got.addAll(SourceFiles.pollUntil(source, RECORDS - complete));
      got.addAll(source.poll(100, Duration.ofMillis(5)));
      assertThat(source.isEndOfInput()).isFalse();
      source.close();
      assertThat(got).as("after completing, cut at %d", cut).hasSize(RECORDS);
      assertValues(got, layout);
      assertThat(got.stream().map(r -> r.position().offset()).toList()).isEqualTo(layout.ends());
    }
  }

  private static void assertValues(List<Record> got, SourceFiles.Layout layout) {
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).value()).as("value %d", i).isEqualTo(layout.values().get(i));
      assertThat(got.get(i).position().offset()).isEqualTo(layout.ends().get(i));
    }
  }
}
