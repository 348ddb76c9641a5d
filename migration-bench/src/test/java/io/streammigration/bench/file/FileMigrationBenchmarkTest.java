package io.streammigration.bench.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.file.RecordFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file benchmark measures what it says: both methods move the whole input, and what lands in
 * the destination is the input, byte for byte (the input's framed records carry the origin a
 * FileSource gives them, so a FileSink writes them back unchanged). Called directly with a small
 * input, not through JMH: well under a second.
 */
class FileMigrationBenchmarkTest {

  private static final int RECORDS = 2_000;

  @ParameterizedTest
  @EnumSource(RecordFormat.class)
  void theMigrationAndTheBaselineEachCopyTheInputExactly(RecordFormat format) throws IOException {
    FileMigrationBenchmark benchmark = new FileMigrationBenchmark();
    FileMigrationBenchmark.Input input = new FileMigrationBenchmark.Input();
    input.format = format;
    input.records = RECORDS;
    input.write();
    try {
      byte[] expected = Files.readAllBytes(input.file);
      for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
        FileMigrationBenchmark.Engine engine = new FileMigrationBenchmark.Engine();
        engine.guarantee = guarantee;
        engine.startReader();
        FileMigrationBenchmark.Destination out = new FileMigrationBenchmark.Destination();
        out.create();
        FileMigrationBenchmark.Moved moved = new FileMigrationBenchmark.Moved();
        try {
          assertThat(benchmark.migrate(input, engine, out, moved)).isEqualTo(RECORDS);
          assertThat(segments(FileToFile.sinkDirectory(out.directory)))
              .as("%s destination", guarantee)
              .isEqualTo(expected);
        } finally {
          out.delete();
          engine.stopReader();
        }
        assertThat(moved.mbPerSecond).isEqualTo(input.bytes / 1e6);
      }

      FileMigrationBenchmark.Destination out = new FileMigrationBenchmark.Destination();
      out.create();
      try {
        benchmark.baselineFileChannelCopy(input, out, new FileMigrationBenchmark.Moved());
        assertThat(Files.readAllBytes(out.directory.resolve("copy"))).isEqualTo(expected);
      } finally {
        out.delete();
      }
    } finally {
      input.delete();
    }
  }

  /** The sink's segment files, concatenated in name (= ordinal) order. */
  private static byte[] segments(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files =
          list.filter(p -> p.getFileName().toString().matches("segment-\\d{20}\\.(smf|log)"))
              .sorted()
              .toList();
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Path f : files) {
      all.write(Files.readAllBytes(f));
    }
    return all.toByteArray();
  }
}
