package io.streammigration.file;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.testkit.contract.SourceContractTest;
import io.streammigration.testkit.memory.GeneratedStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source contract for a directory of framed segments, one partition per segment, read with a
 * small buffer so records straddle buffer boundaries.
 */
class FileSourceContractTest extends SourceContractTest<Path> {

  @TempDir Path root;

  @Override
  protected Path createEndpoint() {
    try {
      return Files.createTempDirectory(root, "src");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected SortedMap<PartitionId, List<Record>> write(Path endpoint, GeneratedStream content) {
    SortedMap<PartitionId, List<Record>> expected = new TreeMap<>();
    content
        .byPartition()
        .forEach(
            (p, records) -> {
              ByteArrayOutputStream file = new ByteArrayOutputStream();
              file.writeBytes(FramedFormat.segmentHeader());
              List<Record> promised = new ArrayList<>();
              for (Record r : records) {
                file.writeBytes(FramedFormat.frame(r));
                promised.add(
                    new Record(
                        r.key(),
                        r.value(),
                        r.headers(),
                        r.timestamp(),
                        p,
                        Position.of(file.size())));
              }
              try {
                Files.write(endpoint.resolve(p.name()), file.toByteArray());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              expected.put(p, promised);
            });
    return expected;
  }

  @Override
  protected Source createBoundedSource(Path endpoint) {
    return new FileSource(
        FileSourceConfig.builder(endpoint).partitionPerSegment(true).readBufferSize(4096).build());
  }
}
