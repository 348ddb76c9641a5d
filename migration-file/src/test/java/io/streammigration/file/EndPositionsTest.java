package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.engine.MigrationStatus;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.StandaloneSinkContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FileSource#endPositions()} is exact: it names the position of the last record a reader
 * will deliver, whatever tail follows it, so lag is right and a drain ends on that record.
 */
class EndPositionsTest {

  private static final PartitionId LOG = PartitionId.of("log");
  private static final int RECORDS = 12;

  @TempDir Path dir;

  /** A file cut at every byte of its last three records: the end is the last complete record's. */
  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void theEndIsTheLastCompleteRecordWhereverTheFileIsCut(RecordFormat format) {
    SourceFiles.Layout layout = SourceFiles.layout(format, SourceFiles.values(RECORDS));
    for (long cut = layout.startOf(RECORDS - 3); cut <= layout.bytes().length; cut++) {
      Path file = dir.resolve(format + "-" + cut);
      SourceFiles.write(file, Arrays.copyOf(layout.bytes(), (int) cut));
      FileSource source = open(FileSourceConfig.builder(file)
                  .format(format)
                  .tornTail(TornTailPolicy.STOP_BEFORE)
                  .partitionName("log"));
      Map<PartitionId, Position> before = source.endPositions();
      List<Record> all = SourceFiles.drain(source);
      Position last = all.get(all.size() - 1).position();
      assertThat(before).as("end of a file cut at %d, before reading", cut).containsExactly(Map.entry(LOG, last));
      assertThat(source.endPositions()).as("after reading").containsExactly(Map.entry(LOG, last));
      source.close();
    }
  }

  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void aFileWithoutACompleteRecordHasNoEnd(RecordFormat format) {
    Path file = dir.resolve("empty");
    byte[] tornOnly =
        format == RecordFormat.FRAMED
            ? Arrays.copyOf(SourceFiles.layout(format, SourceFiles.values(1)).bytes(), 12)
            : "no newline yet".getBytes(StandardCharsets.UTF_8);
    SourceFiles.write(file, tornOnly);
    FileSource source = open(FileSourceConfig.builder(file).format(format).follow(true));
    assertThat(source.endPositions()).isEmpty();
    source.close();
  }

  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void inFollowModeTheEndMovesWithAppendsAndIntoANewSegment(RecordFormat format) throws Exception {
    SourceFiles.Layout layout = SourceFiles.layout(format, SourceFiles.values(RECORDS));
    Path a = dir.resolve("a.log");
    SourceFiles.write(a, Arrays.copyOf(layout.bytes(), (int) layout.ends().get(3).longValue()));
    FileSource source =
        open(FileSourceConfig.builder(dir).format(format).follow(true).partitionName("log"));
    Position first = source.endPositions().get(LOG);
    assertThat(first.offset()).isEqualTo(layout.ends().get(3));

    // Half a record more: still the same end. The rest of it: the end moves past it.
    long half = (layout.ends().get(3) + layout.ends().get(4)) / 2;
    SourceFiles.append(a, layout.bytes(), layout.ends().get(3).intValue(), (int) half);
    assertThat(source.endPositions().get(LOG)).isEqualTo(first);
    SourceFiles.append(a, layout.bytes(), (int) half, layout.ends().get(4).intValue());
    assertThat(source.endPositions().get(LOG).offset()).isEqualTo(layout.ends().get(4));

    // A new segment (after a) with records: the end is in it, at its last record.
    SourceFiles.write(dir.resolve("b.log"), layout.bytes());
    Position inB = source.endPositions().get(LOG);
    assertThat(inB.segment()).isGreaterThan(first.segment());
    assertThat(inB.offset()).isEqualTo(layout.ends().get(RECORDS - 1));

    List<Record> read = SourceFiles.pollUntil(source, 5 + RECORDS);
    assertThat(read).hasSize(5 + RECORDS);
    assertThat(read.get(read.size() - 1).position()).isEqualTo(inB);
    source.close();
  }

  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void withAPartitionPerSegmentEachSegmentHasItsOwnEnd(RecordFormat format) {
    SourceFiles.Layout layout = SourceFiles.layout(format, SourceFiles.values(RECORDS));
    SourceFiles.write(dir.resolve("x.log"), layout.bytes());
    SourceFiles.write(dir.resolve("y.log"), Arrays.copyOf(layout.bytes(), layout.ends().get(2).intValue() + 1));
    FileSource source = open(FileSourceConfig.builder(dir).format(format).partitionPerSegment(true));
    assertThat(source.endPositions())
        .containsOnly(
            Map.entry(PartitionId.of("x.log"), Position.of(0, layout.ends().get(RECORDS - 1))),
            Map.entry(PartitionId.of("y.log"), Position.of(0, layout.ends().get(2))));
    source.close();
  }

  @Test
  void aSegmentDeletedBeforeItWasOpenedMakesTheEndUnknownNotAnError() throws Exception {
    Files.writeString(dir.resolve("a.log"), "a0\n");
    Files.writeString(dir.resolve("b.log"), "b0\n");
    FileSource source =
        open(FileSourceConfig.builder(dir).format(RecordFormat.NEWLINE_DELIMITED).partitionName("log"));
    Files.delete(dir.resolve("b.log")); // listed at open, gone before anything opened it
    assertThat(source.endPositions()).isEmpty();
    source.close();
  }

  @Test
  void aLastLineThatSkipWouldDropLeavesThePartitionOut() {
    Path file = dir.resolve("long.log");
    SourceFiles.write(file, ("ok\n" + "x".repeat(100) + "\n").getBytes(StandardCharsets.UTF_8));
    FileSource skipping =
        open(
            FileSourceConfig.builder(file)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .maxRecordSize(50)
                .corruption(CorruptionPolicy.SKIP)
                .partitionName("log"));
    assertThat(skipping.endPositions()).isEmpty();
    List<Record> read = SourceFiles.drain(skipping);
    assertThat(SourceFiles.utf8Values(read)).containsExactly("ok");
    skipping.close();
  }

  @Test
  void aLastFrameThatSkipWouldDropLeavesThePartitionOut() {
    SourceFiles.Layout layout = SourceFiles.layout(RecordFormat.FRAMED, SourceFiles.values(3));
    byte[] bytes = layout.bytes().clone();
    bytes[bytes.length - 1] ^= 0x40; // the last frame's CRC no longer matches
    Path file = dir.resolve("flipped");
    SourceFiles.write(file, bytes);
    FileSource source =
        open(
            FileSourceConfig.builder(file)
                .format(RecordFormat.FRAMED)
                .corruption(CorruptionPolicy.SKIP)
                .partitionName("log"));
    assertThat(source.endPositions()).isEmpty();
    assertThat(SourceFiles.drain(source)).hasSize(2);
    source.close();
  }

  @Test
  void aFrameBacklogLargerThanOneWalkGetsAnEndOnceTheWalkReachesIt() {
    byte[] value = new byte[64 * 1024];
    int frames = (int) (SegmentEnds.FRAME_WALK_BUDGET / value.length) * 2 + 3;
    SourceFiles.Layout layout =
        SourceFiles.layout(RecordFormat.FRAMED, java.util.Collections.nCopies(frames, value));
    Path file = dir.resolve("backlog");
    SourceFiles.write(file, layout.bytes());
    FileSource source =
        open(FileSourceConfig.builder(file).format(RecordFormat.FRAMED).maxRecordSize(1 << 20).partitionName("log"));
    int calls = 0;
    Map<PartitionId, Position> ends;
    do {
      ends = source.endPositions();
      calls++;
    } while (ends.isEmpty() && calls < 10);
    assertThat(calls).as("walks of at most the budget each").isEqualTo(3);
    assertThat(ends).containsExactly(Map.entry(LOG, Position.of(0, layout.ends().get(frames - 1))));
    source.close();
  }

  @Test
  void committedOutputEndsAtTheManifestsLastRecord() throws Exception {
    Path out = dir.resolve("out");
    FileSink sink =
        new FileSink(FileSinkConfig.builder(dir).directory(Path.of("out")).maxSegmentBytes(4096).build());
    sink.open(new StandaloneSinkContext("t", DeliveryGuarantee.EXACTLY_ONCE));
    sink.recover();
    List<Record> records = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) { // several 4 KB segments
      records.add(SourceFiles.record(i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
    }
    sink.write(records);
    sink.commit(Checkpoint.builder(1).records(200).build());
    sink.write(records.subList(0, 5));
    sink.flush(); // on disk, never committed: not part of the end
    FileSource source = open(FileSourceConfig.builder(out).committedOnly(true));
    Map<PartitionId, Position> ends = source.endPositions();
    List<Record> read = SourceFiles.drain(source);
    assertThat(read).hasSize(200);
    assertThat(read.get(199).position().segment()).isPositive();
    assertThat(ends).containsExactly(Map.entry(read.get(199).partition(), read.get(199).position()));
    source.close();
    sink.close();
  }

  /**
   * Lag and drain through the engine: a followed log has a lag while behind, and a drain stops on
   * the last line complete at the drain, the end the final checkpoint names.
   */
  @Test
  void aFollowedLogHasLagAndDrainsToItsLastCompleteLine() throws Exception {
    Path file = dir.resolve("app.log");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      lines.append("line ").append(i).append('\n');
    }
    Files.writeString(file, lines + "torn tail without newline");
    FileSource source =
        new FileSource(
            FileSourceConfig.builder(file)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .follow(true)
                .idleWait(Duration.ofMillis(5))
                .partitionName("log")
                .build());
    InMemoryDestination destination = new InMemoryDestination();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Migration migration =
        Migration.builder()
            .id("end-positions")
            .source(source)
            .sink(destination.newSink())
            .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(InMemoryCheckpointStore.create())
            .checkpointTrigger(CheckpointTrigger.every(Duration.ofMillis(20)))
            .caughtUpThreshold(0, Duration.ofMillis(50))
            .build()) {
      CompletableFuture<MigrationResult> run = migration.start(executor);
      assertThat(migration.awaitCaughtUp(0, Duration.ofMillis(100), Duration.ofSeconds(20))).isTrue();
      assertThat(migration.status().lag()).hasValue(0);
      assertThat(migration.status().phase()).isEqualTo(MigrationStatus.Phase.CAUGHT_UP);

      long endOfLines = Files.size(file) - "torn tail without newline".length();
      Checkpoint end = migration.drainAndStop(Duration.ofSeconds(20)).orElseThrow();
      run.get();
      assertThat(end.position(LOG)).hasValue(Position.of(0, endOfLines));
      List<Record> written = destination.committedRecords(LOG);
      assertThat(written).hasSize(5_000);
      assertThat(written.get(4_999).position()).isEqualTo(Position.of(0, endOfLines));
    } finally {
      executor.shutdownNow();
    }
  }

  private static FileSource open(FileSourceConfig.Builder config) {
    return SourceFiles.open(config.build(), Optional.empty());
  }
}
