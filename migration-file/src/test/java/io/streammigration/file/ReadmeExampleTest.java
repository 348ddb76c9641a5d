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
    Files.writeString(logDir.resolve("app.log.2"), "a\nb\n");
    Files.writeString(logDir.resolve("app.log.1"), "c\r\nd\n");
    Files.writeString(logDir.resolve("app.log"), "e\n");
    Path state = tmp.resolve("state/segments");
    Files.createDirectories(state.getParent());
    Path archiveRoot = tmp.resolve("archive");

    for (int run = 0; run < 2; run++) {
      // --- README: Migrating files ---
      FileSource logs = new FileSource(FileSourceConfig.builder(logDir)
          .format(RecordFormat.NEWLINE_DELIMITED)
          .segmentOrder(SegmentOrder.rotation("app.log"))   // app.log.2, app.log.1, app.log
          .segmentRegistry(state)                           // segment identities survive renames
          .build());
      FileSink archive = new FileSink(FileSinkConfig.builder(archiveRoot).build());
      try (Migration migration = Migration.builder().id("app-logs").source(logs).sink(archive)
          .guarantee(DeliveryGuarantee.EXACTLY_ONCE).build()) {
        migration.run();  // ends after the last complete line; run it again to resume
      }
      // --- end ---
    }
    List<Record> archived = CommittedSegments.read(archiveRoot);
    assertThat(archived).extracting(r -> new String(r.value())).containsExactly("a", "b", "c", "d", "e");
    assertThat(IntStream.range(1, archived.size())
        .allMatch(i -> archived.get(i).position().isAfter(archived.get(i - 1).position()))).isTrue();
  }
}
