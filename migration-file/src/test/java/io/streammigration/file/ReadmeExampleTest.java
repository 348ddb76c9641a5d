package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's ten lines, run as written (paths aside), twice: the second run adds nothing. */
class ReadmeExampleTest {

  @TempDir Path tmp;

  @Test
  void theReadmeMigrationCopiesRotatedLogsIntoFramedSegmentsExactlyOnce() throws IOException {
    Path logDir = Files.createDirectories(tmp.resolve("log"));
    Files.write(logDir.resolve("app.log.3.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, '\n'});
    Files.writeString(logDir.resolve("app.log.2"), "a\nb\n");
    Files.writeString(logDir.resolve("app.log.1"), "c\r\nd\n");
    Files.writeString(logDir.resolve("app.log"), "e\n");
    Path state = tmp.resolve("state/segments");
    Files.createDirectories(state.getParent());
    Path archiveRoot = tmp.resolve("archive");

    for (int run = 0; run < 2; run++) {
      // --- README: Migrating files ---
      FileSource logs =
          new FileSource(
              FileSourceConfig.builder(logDir)
                  .format(RecordFormat.NEWLINE_DELIMITED)
                  .segmentOrder(SegmentOrder.rotation("app.log")) // app.log.2, app.log.1, app.log
                  .segmentFilter(SegmentOrder.rotationMembers("app.log")) // not app.log.3.gz
                  .segmentRegistry(state) // segment identities survive renames
                  .build());
      FileSink archive = new FileSink(FileSinkConfig.builder(archiveRoot).build());
      try (Migration migration =
          Migration.builder()
              .id("app-logs")
              .source(logs)
              .sink(archive)
              .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
              .build()) {
        migration.run(); // ends after the last complete line; run it again to resume
      }
      // --- end ---
    }
    List<Record> archived = CommittedSegments.read(archiveRoot);
    assertArchived(archived);
  }

  @Test
  void aFollowingMigrationTailsNewLinesAndCommitsThemWhenClosed() throws Exception {
    Path logDir = Files.createDirectories(tmp.resolve("log"));
    Path log = logDir.resolve("app.log");
    Files.writeString(log, "a\nb\n");
    Path archiveRoot = tmp.resolve("archive");
    FileSource logs =
        new FileSource(
            FileSourceConfig.builder(logDir)
                .format(RecordFormat.NEWLINE_DELIMITED)
                .follow(true)
                .build());
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try (Migration migration =
        Migration.builder()
            .id("tail")
            .source(logs)
            .sink(new FileSink(FileSinkConfig.builder(archiveRoot).build()))
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .readerExecutor(executor)
            .build()) {
      var result = migration.start(executor);
      waitForCommitted(archiveRoot, 2);
      Files.writeString(log, "c\r\nd\ne\n", java.nio.file.StandardOpenOption.APPEND);
      waitForCommitted(archiveRoot, 5);
      migration.close();
      result.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      executor.shutdownNow();
    }
    assertArchived(CommittedSegments.read(archiveRoot));
  }

  private static void waitForCommitted(Path archive, int records) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(archive.resolve(CommitManifest.FILE_NAME))
          && CommittedSegments.read(archive).size() >= records) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("fewer than " + records + " records committed in " + archive);
  }

  private static void assertArchived(List<Record> archived) {
    assertThat(archived)
        .extracting(r -> new String(r.value()))
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(
            IntStream.range(1, archived.size())
                .allMatch(i -> archived.get(i).position().isAfter(archived.get(i - 1).position())))
        .isTrue();
  }
}
