package io.streammigration.testkit.guide;

import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Test fixtures for the guide's examples: input directories for {@link JsonDirectorySource}. */
final class GuideFiles {

  private GuideFiles() {}

  /** A new, empty directory under {@code parent}. */
  static Path newDirectory(Path parent, String prefix) {
    try {
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes each partition's records as {@code <partition>/<sequence>.json} and returns them as
   * {@link JsonDirectorySource} will deliver them: same content, positions 0, 1, 2, ...
   */
  static SortedMap<PartitionId, List<Record>> writeInput(
      Path directory, Map<PartitionId, List<Record>> byPartition) {
    SortedMap<PartitionId, List<Record>> written = new TreeMap<>();
    byPartition.forEach(
        (partition, records) -> {
          List<Record> delivered = new ArrayList<>();
          for (Record r : records) {
            Position position = Position.of(delivered.size());
            byte[] document = RecordDocument.encode(r);
            writeFile(directory.resolve(partition.name()), position.offset(), document);
            delivered.add(
                new Record(r.key(), r.value(), r.headers(), r.timestamp(), partition, position));
          }
          written.put(partition, delivered);
        });
    return written;
  }

  /** Writes {@code content} as file {@code sequence} of a partition directory. */
  static Path writeFile(Path partitionDir, long sequence, byte[] content) {
    return writeFile(partitionDir, JsonDirectorySink.fileName(sequence), content);
  }

  static Path writeFile(Path partitionDir, String name, byte[] content) {
    try {
      Files.createDirectories(partitionDir);
      return Files.write(partitionDir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A document holding a record with no key, no headers and {@code value}. */
  static byte[] document(String value) {
    return RecordDocument.encode(
        new Record(
            null,
            value.getBytes(StandardCharsets.UTF_8),
            Headers.EMPTY,
            0,
            PartitionId.of("any"),
            Position.of(0)));
  }
}
