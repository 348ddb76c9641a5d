package io.streammigration.file;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.testkit.contract.SinkContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;

/**
 * The at-least-once sink contract, for the appending FileSink with small segments (so rolls
 * happen).
 */
class FileSinkContractTest extends SinkContractTest<Sink, Path> {

  @TempDir Path root;

  @Override
  protected Path createDestination() {
    try {
      return Files.createTempDirectory(root, "dest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Sink createSink(Path destination) {
    return FileSink.appending(
        FileSinkConfig.builder(root)
            .directory(root.relativize(destination))
            .maxSegmentBytes(FileSinkConfig.MIN_SEGMENT_BYTES)
            .writeBufferSize(4096)
            .build());
  }

  /**
   * A killed process loses its file handles and its directory lock; close() models exactly that,
   * since it neither flushes nor commits.
   */
  @Override
  protected void crash(Sink sink, Path destination) {
    sink.close();
  }

  @Override
  protected Map<PartitionId, List<Record>> readDurable(Path destination) {
    return byOrigin(CommittedSegments.read(destination));
  }

  static Map<PartitionId, List<Record>> byOrigin(List<Record> records) {
    Map<PartitionId, List<Record>> grouped = new TreeMap<>();
    for (Record r : records) {
      grouped.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
    }
    return grouped;
  }
}
