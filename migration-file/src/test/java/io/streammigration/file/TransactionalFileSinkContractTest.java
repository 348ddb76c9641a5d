package io.streammigration.file;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.contract.TransactionalSinkContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once sink contract for the FileSink: commits through the manifest, recovery by
 * truncation, with segments small enough that commits span several of them.
 */
class TransactionalFileSinkContractTest extends TransactionalSinkContractTest<FileSink, Path> {

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
  protected FileSink createSink(Path destination) {
    return new FileSink(
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
  protected void crash(FileSink sink, Path destination) {
    sink.close();
  }

  @Override
  protected Map<PartitionId, List<Record>> readDurable(Path destination) {
    return FileSinkContractTest.byOrigin(CommittedSegments.read(destination));
  }
}
