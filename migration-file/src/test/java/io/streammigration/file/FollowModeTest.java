package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Follow mode's waiting, new segments as new partitions, and the sink's segment rolling. */
class FollowModeTest {

  @TempDir Path dir;

  @Test
  void anIdlePollWaitsAboutItsTimeoutAndNoLonger() {
    SourceFiles.write(dir.resolve("a.log"), new byte[0]);
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(dir)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .follow(true)
                .idleWait(Duration.ofMillis(10))
                .build(),
            Optional.empty());
    long start = System.nanoTime();
    assertThat(source.poll(10, Duration.ofMillis(200))).isEmpty();
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMs).isBetween(190L, 1_000L);
    assertThat(source.isEndOfInput()).isFalse();
    source.close();
  }

  @Test
  void aPollReturnsAsSoonAsRecordsArriveNotAtItsTimeout() throws Exception {
    Path file = dir.resolve("a.log");
    SourceFiles.write(file, new byte[0]);
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(dir)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .follow(true)
                .idleWait(Duration.ofMillis(5))
                .build(),
            Optional.empty());
    Thread writer =
        new Thread(
            () -> {
              try {
                Thread.sleep(100);
                Files.writeString(file, "hello\n");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    long start = System.nanoTime();
    List<Record> got = source.poll(10, Duration.ofSeconds(10));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    writer.join();
    assertThat(SourceFiles.utf8Values(got)).containsExactly("hello");
    assertThat(tookMs).isLessThan(5_000L);
    source.close();
  }

  @Test
  void withAPartitionPerSegmentNewFilesBecomeNewPartitionsAndOldOnesKeepGrowing()
      throws IOException {
    Files.writeString(dir.resolve("a.log"), "a0\n");
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(dir)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .partitionPerSegment(true)
                .follow(true)
                .idleWait(Duration.ofMillis(2))
                .build(),
            Optional.empty());
    List<Record> got = new java.util.ArrayList<>(SourceFiles.pollUntil(source, 1));
    Files.writeString(dir.resolve("b.log"), "b0\nb1\n");
    Files.writeString(dir.resolve("a.log"), "a1\n", java.nio.file.StandardOpenOption.APPEND);
    got.addAll(SourceFiles.pollUntil(source, 3));
    source.close();
    assertThat(
            got.stream()
                .filter(r -> r.partition().equals(PartitionId.of("a.log")))
                .map(r -> new String(r.value())))
        .containsExactly("a0", "a1");
    assertThat(
            got.stream()
                .filter(r -> r.partition().equals(PartitionId.of("b.log")))
                .map(r -> new String(r.value())))
        .containsExactly("b0", "b1");
  }

  @Test
  void theSinkRollsBySizeAndByAge() throws Exception {
    SinkContext alo =
        new SinkContext() {
          @Override
          public String migrationId() {
            return "t";
          }

          @Override
          public DeliveryGuarantee guarantee() {
            return DeliveryGuarantee.AT_LEAST_ONCE;
          }
        };
    Path bySize = dir.resolve("size");
    var sink =
        FileSink.appending(
            FileSinkConfig.builder(dir).directory(Path.of("size")).maxSegmentBytes(4096).build());
    sink.open(alo);
    List<Record> records =
        IntStream.range(0, 200).mapToObj(i -> SourceFiles.record(i, new byte[100])).toList();
    sink.write(records);
    sink.flush();
    sink.close();
    List<Path> segments = list(bySize);
    assertThat(segments).hasSizeGreaterThan(5);
    for (Path s : segments) {
      assertThat(Files.size(s)).isLessThanOrEqualTo(4096);
    }
    assertThat(CommittedSegments.read(bySize))
        .isEqualTo(
            records.stream()
                .map(
                    r ->
                        new Record(
                            r.key(),
                            r.value(),
                            r.headers(),
                            r.timestamp(),
                            r.partition(),
                            r.position()))
                .toList());

    Path byAge = dir.resolve("age");
    var aging =
        FileSink.appending(
            FileSinkConfig.builder(dir)
                .directory(Path.of("age"))
                .maxSegmentAge(Duration.ofSeconds(1))
                .build());
    aging.open(alo);
    aging.write(records.subList(0, 1));
    Thread.sleep(1_100);
    aging.write(records.subList(1, 2));
    aging.flush();
    aging.close();
    assertThat(list(byAge)).hasSize(2);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".smf")).sorted().toList();
    }
  }
}
