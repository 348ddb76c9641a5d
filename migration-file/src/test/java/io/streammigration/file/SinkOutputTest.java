package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FileSink directory read back by a FileSource, and the sink's confinement and permissions. */
class SinkOutputTest {

  @TempDir Path root;

  private static final SinkContext EXACTLY_ONCE =
      new SinkContext() {
        @Override
        public String migrationId() {
          return "t";
        }

        @Override
        public DeliveryGuarantee guarantee() {
          return DeliveryGuarantee.EXACTLY_ONCE;
        }
      };

  private static List<Record> records(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> SourceFiles.record(i, ("v" + i).getBytes()))
        .toList();
  }

  private static Checkpoint checkpoint(long id, int records) {
    return Checkpoint.builder(id).records(records).build();
  }

  @Test
  void aSourceOverASinkDirectoryReadsOnlyCommittedBytesAndFollowsNewCommits() {
    Path out = root.resolve("out");
    FileSink sink =
        new FileSink(
            FileSinkConfig.builder(root).directory(Path.of("out")).maxSegmentBytes(4096).build());
    sink.open(EXACTLY_ONCE);
    sink.recover();
    sink.write(records(0, 300));
    sink.commit(checkpoint(1, 300));
    sink.write(records(300, 400));
    sink.flush(); // on disk, but not committed
    FileSourceConfig.Builder config =
        FileSourceConfig.builder(out).committedOnly(true).partitionName("out");
    FileSource bounded = SourceFiles.open(config.build(), Optional.empty());
    assertThat(SourceFiles.drain(bounded))
        .extracting(r -> new String(r.value()))
        .isEqualTo(values(0, 300));
    bounded.close();

    FileSource following =
        SourceFiles.open(
            config.follow(true).idleWait(Duration.ofMillis(2)).build(), Optional.empty());
    List<Record> got = new ArrayList<>(SourceFiles.pollUntil(following, 300));
    assertThat(following.poll(10, Duration.ofMillis(30))).as("uncommitted records").isEmpty();
    sink.commit(checkpoint(2, 400));
    got.addAll(SourceFiles.pollUntil(following, 100));
    following.close();
    sink.close();
    assertThat(got).extracting(r -> new String(r.value())).isEqualTo(values(0, 400));
    assertThat(CommittedSegments.read(out))
        .extracting(Record::position)
        .isEqualTo(records(0, 400).stream().map(Record::position).toList());
  }

  @Test
  void recoveryCutsUncommittedBytesAndDeletesUncommittedSegments() throws IOException {
    Path out = root.resolve("out");
    FileSinkConfig config =
        FileSinkConfig.builder(root).directory(Path.of("out")).maxSegmentBytes(4096).build();
    FileSink first = new FileSink(config);
    first.open(EXACTLY_ONCE);
    first.recover();
    first.write(records(0, 100));
    first.commit(checkpoint(1, 100));
    first.write(records(100, 400));
    first.flush();
    long segmentsBefore = segments(out);
    first.close(); // the process dies here: close() neither flushes nor commits, it drops the lock
    FileSink second = new FileSink(config);
    second.open(EXACTLY_ONCE);
    assertThat(second.recover()).contains(checkpoint(1, 100));
    assertThat(segments(out)).isLessThan(segmentsBefore);
    second.write(records(100, 150));
    second.commit(checkpoint(2, 150));
    second.close();
    assertThat(CommittedSegments.read(out))
        .extracting(r -> new String(r.value()))
        .isEqualTo(values(0, 150));
  }

  @Test
  void recoveryRefusesToDeleteSegmentsItDidNotWrite() throws IOException {
    var appending = FileSink.appending(FileSinkConfig.ofDefaults(root));
    appending.open(
        new SinkContext() {
          @Override
          public String migrationId() {
            return "t";
          }

          @Override
          public DeliveryGuarantee guarantee() {
            return DeliveryGuarantee.AT_LEAST_ONCE;
          }
        });
    appending.write(records(0, 10));
    appending.flush();
    appending.close();
    FileSink transactional = FileSink.of(root);
    transactional.open(EXACTLY_ONCE);
    assertThatThrownBy(transactional::recover)
        .isInstanceOf(io.streammigration.core.error.MigrationException.class)
        .hasMessageContaining("no commit.manifest");
    assertThat(CommittedSegments.read(root)).hasSize(10);
  }

  @Test
  void aNewlineSinkWritesOneLinePerValueAndRefusesValuesItCannotRoundTrip() {
    FileSink sink =
        new FileSink(FileSinkConfig.builder(root).format(RecordFormat.NEWLINE_DELIMITED).build());
    sink.open(EXACTLY_ONCE);
    sink.recover();
    sink.write(records(0, 50));
    sink.commit(checkpoint(1, 50));
    Record split = SourceFiles.record(50, "two\nlines".getBytes());
    assertThatThrownBy(() -> sink.write(List.of(split)))
        .isInstanceOf(io.streammigration.core.error.MigrationException.class)
        .hasMessageContaining("origin at 50")
        .hasMessageContaining(".log")
        .hasMessageContaining("line feed");
    sink.write(records(50, 60));
    sink.flush(); // on disk, not committed: a committed-only reader must not see it
    sink.close();
    FileSource source =
        SourceFiles.open(
            FileSourceConfig.builder(root)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .committedOnly(true)
                .build(),
            Optional.empty());
    assertThat(SourceFiles.utf8Values(SourceFiles.drain(source))).isEqualTo(values(0, 50));
    source.close();
  }

  @Test
  void aSecondSinkOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
    FileSink first = FileSink.of(root);
    first.open(EXACTLY_ONCE);
    FileSink second = FileSink.of(root);
    assertThatThrownBy(() -> second.open(EXACTLY_ONCE))
        .isInstanceOf(io.streammigration.core.error.MigrationException.class)
        .hasMessageContaining("is locked by another sink");
    first.close();
    FileSink third = FileSink.of(root);
    third.open(EXACTLY_ONCE);
    assertThat(third.recover()).isEmpty();
    third.close();
  }

  @Test
  void aHeaderNameThatIsNotWellFormedUnicodeIsRefusedNotMangled() {
    FileSink sink = FileSink.of(root);
    sink.open(EXACTLY_ONCE);
    sink.recover();
    Record lone = SourceFiles.record(1, new byte[0])
        .withHeaders(io.streammigration.core.record.Headers.of(
            io.streammigration.core.record.Header.ofUtf8("a\uD800b", "x")));
    Record question = SourceFiles.record(2, new byte[0])
        .withHeaders(io.streammigration.core.record.Headers.of(
            io.streammigration.core.record.Header.ofUtf8("a?b", "x")));
    sink.write(List.of(question));
    assertThatThrownBy(() -> sink.write(List.of(lone)))
        .isInstanceOf(io.streammigration.core.error.MigrationException.class)
        .hasMessageContaining("unpaired surrogate");
    sink.commit(checkpoint(1, 1));
    sink.close();
    assertThat(CommittedSegments.read(root)).singleElement()
        .satisfies(r -> assertThat(r.headers().get(0).name()).isEqualTo("a?b"));
  }

  @Test
  void recordsOfInterleavedPartitionsEachKeepTheirOwnOriginPartition() {
    FileSink sink = FileSink.of(root);
    sink.open(EXACTLY_ONCE);
    sink.recover();
    String[] names = {"a", "b", "\u00fc-long-name"};
    List<Record> mixed =
        IntStream.range(0, 12)
            .mapToObj(i -> new Record(null, ("v" + i).getBytes(), Headers.EMPTY, i,
                PartitionId.of(names[i % 3]), Position.of(0, i)))
            .toList();
    sink.write(mixed.subList(0, 5));
    sink.write(mixed.subList(5, 12));
    sink.commit(checkpoint(1, 12));
    sink.close();
    assertThat(CommittedSegments.read(root))
        .extracting(r -> r.partition().name() + "/" + new String(r.value()))
        .isEqualTo(mixed.stream().map(r -> r.partition().name() + "/" + new String(r.value())).toList());
  }

  @Test
  void filesAreCreatedOwnerReadWriteOnly() throws IOException {
    FileSink sink = FileSink.of(root);
    sink.open(EXACTLY_ONCE);
    sink.recover();
    sink.write(records(0, 3));
    sink.commit(checkpoint(1, 3));
    sink.close();
    try (Stream<Path> files = Files.list(root)) {
      assertThat(files.toList())
          .isNotEmpty()
          .allSatisfy(
              f ->
                  assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                      .isEqualTo("rw-------"));
    }
  }

  @Test
  void aDirectoryOutsideTheRootIsRefusedAtBuildTime() {
    assertThatThrownBy(() -> FileSinkConfig.builder(root).directory(Path.of("../elsewhere")))
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("directory"));
  }

  @Test
  void aSymlinkLeadingOutOfTheRootIsRefusedAtOpen(@TempDir Path outside) throws IOException {
    Files.createSymbolicLink(root.resolve("link"), outside);
    FileSink sink = new FileSink(FileSinkConfig.builder(root).directory(Path.of("link")).build());
    assertThatThrownBy(() -> sink.open(EXACTLY_ONCE))
        .isInstanceOfSatisfying(
            MigrationConfigException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("directory");
              assertThat(e.getMessage()).contains("outside the root");
            });
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files.toList()).as("nothing written outside the root").isEmpty();
    }
  }

  @Test
  void settingsOutOfRangeNameTheSettingAndTheRange() {
    assertThatThrownBy(() -> FileSourceConfig.builder(root).maxRecordSize(0))
        .isInstanceOfSatisfying(
            MigrationConfigException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("maxRecordSize");
              assertThat(e.getMessage()).contains("1..1073741824");
            });
    assertThatThrownBy(() -> FileSinkConfig.builder(root).maxSegmentBytes(10))
        .isInstanceOfSatisfying(
            MigrationConfigException.class,
            e -> assertThat(e.setting()).isEqualTo("maxSegmentBytes"));
    assertThatThrownBy(() -> FileSourceConfig.builder(root).idleWait(Duration.ofSeconds(11)))
        .isInstanceOfSatisfying(
            MigrationConfigException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("idleWait");
              assertThat(e.getMessage()).contains("1ms..10s");
            });
    assertThatThrownBy(
            () ->
                FileSourceConfig.builder(root)
                    .committedOnly(true)
                    .segmentRegistry(root.resolve("r"))
                    .build())
        .isInstanceOfSatisfying(
            MigrationConfigException.class,
            e -> assertThat(e.setting()).isEqualTo("segmentRegistry"));
  }

  @Test
  void aCorruptManifestIsRefusedNamingTheFile() throws IOException {
    FileSink sink = FileSink.of(root);
    sink.open(EXACTLY_ONCE);
    sink.recover();
    sink.write(records(0, 3));
    sink.commit(checkpoint(1, 3));
    sink.close();
    Path manifest = root.resolve(CommitManifest.FILE_NAME);
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[bytes.length / 2] ^= 1;
    Files.write(manifest, bytes);
    FileSink reopened = FileSink.of(root);
    reopened.open(EXACTLY_ONCE);
    assertThatThrownBy(reopened::recover)
        .isInstanceOf(io.streammigration.core.error.CheckpointCorruptionException.class)
        .hasMessageContaining(manifest.toString());
  }

  private static List<String> values(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "v" + i).toList();
  }

  private static long segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".smf")).count();
    }
  }
}
