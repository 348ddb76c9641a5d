package io.streammigration.testkit.guide;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads what {@link JsonDirectorySink} committed to a directory. A reader must go through the
 * manifest: the data directory may also hold files written after the last commit, which a later
 * {@code recover()} deletes and which must never be read.
 */
public final class CommittedOutput {

  private CommittedOutput() {}

  // tag::read[]
  /**
   * Per partition, the records the manifest in {@code directory} counts, in order, at {@code
   * Position.of(sequence)}; empty if nothing was committed. Reads only; never deletes.
   */
  public static SortedMap<PartitionId, List<Record>> read(Path directory) {
    SortedMap<PartitionId, List<Record>> out = new TreeMap<>();
    SortedMap<PartitionId, Long> counts =
        CommitManifest.read(directory).map(CommitManifest::counts).orElse(new TreeMap<>());
    counts.forEach(
        (partition, count) -> {
          Path partitionDir = directory.resolve("data").resolve(partition.name());
          List<Record> records = new ArrayList<>();
          for (long sequence = 0; sequence < count; sequence++) {
            Path file = partitionDir.resolve(JsonDirectorySink.fileName(sequence));
            try {
              byte[] document = Files.readAllBytes(file);
              records.add(RecordDocument.decode(document, partition, Position.of(sequence)));
            } catch (IOException | IllegalArgumentException e) {
              throw new MigrationException("cannot read committed file " + file + ": " + e, e);
            }
          }
          out.put(partition, records);
        });
    return out;
  }
  // end::read[]
}
