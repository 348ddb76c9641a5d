package io.streammigration.cli.endpoint;

import io.streammigration.cli.endpoint.EndpointAssessment.PartitionFacts;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.file.CommitManifest;
import io.streammigration.file.FileSource;
import io.streammigration.file.FileSourceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Counts a file endpoint for {@code migrate assess}: reads every record once through its {@link
 * FileSource} (so the counts are what a migration would move) and sizes its segment files.
 */
final class FileAssessor {

  private FileAssessor() {}

  static EndpointAssessment assess(URI uri, FileSource source) {
    FileSourceConfig config = source.config();
    Map<String, Tally> tallies = new TreeMap<>();
    source.open(READ_ONLY, Optional.empty());
    try {
      while (!source.isEndOfInput()) {
        List<Record> batch = source.poll(10_000, Duration.ofMillis(200));
        if (batch.isEmpty() && config.follow()) {
          break; // a following source never ends: what is there now has been counted
        }
        for (Record r : batch) {
          tallies.computeIfAbsent(r.partition().name(), n -> new Tally()).add(r);
        }
      }
    } finally {
      source.close();
    }
    List<Path> segments = segments(config.path());
    List<PartitionFacts> facts = new ArrayList<>();
    if (config.partitionPerSegment()) {
      for (Path segment : segments) {
        String name = segment.getFileName().toString();
        facts.add(tallies.getOrDefault(name, new Tally()).facts(name, List.of(segment)));
      }
    } else {
      String name = config.partitionName();
      facts.add(tallies.getOrDefault(name, new Tally()).facts(name, segments));
    }
    return new EndpointAssessment(uri.toString(), facts, freeBytes(config.path()));
  }

  /** Usable space of the file store holding {@code path} or its nearest existing ancestor. */
  static OptionalLong freeBytes(Path path) {
    Path p = path.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Files.getFileStore(p).getUsableSpace());
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The files a FileSource with the default segment filter reads. */
  private static List<Path> segments(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> files = Files.list(path)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return !n.startsWith(".")
                    && !n.equals(CommitManifest.FILE_NAME)
                    && !n.endsWith(".tmp");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /** Counts and time span of one partition's records. */
  private static final class Tally {
    long records;
    long minTimestamp = Long.MAX_VALUE;
    long maxTimestamp = Long.MIN_VALUE;

    void add(Record r) {
      records++;
      if (r.timestamp() > 0) {
        minTimestamp = Math.min(minTimestamp, r.timestamp());
        maxTimestamp = Math.max(maxTimestamp, r.timestamp());
      }
    }

    PartitionFacts facts(String name, List<Path> files) {
      long bytes = 0;
      long oldestModified = Long.MAX_VALUE;
      long newestModified = Long.MIN_VALUE;
      for (Path f : files) {
        try {
          bytes += Files.size(f);
          long modified = Files.getLastModifiedTime(f).toMillis();
          oldestModified = Math.min(oldestModified, modified);
          newestModified = Math.max(newestModified, modified);
        } catch (IOException e) {
          // a segment rotated away while counting: its records were counted, its size is not
        }
      }
      // Lines carry no timestamps: the files' modification times are the best bound there is.
      boolean stamped = minTimestamp <= maxTimestamp;
      Optional<Instant> oldest =
          stamped ? Optional.of(Instant.ofEpochMilli(minTimestamp)) : instant(oldestModified);
      Optional<Instant> newest =
          stamped ? Optional.of(Instant.ofEpochMilli(maxTimestamp)) : instant(newestModified);
      return new PartitionFacts(name, files.size(), records, bytes, oldest, newest);
    }

    private static Optional<Instant> instant(long millis) {
      return millis == Long.MAX_VALUE || millis == Long.MIN_VALUE
          ? Optional.empty()
          : Optional.of(Instant.ofEpochMilli(millis));
    }
  }

  /** Reading to count commits nothing. */
  private static final SourceContext READ_ONLY =
      new SourceContext() {
        @Override
        public String migrationId() {
          return "assess";
        }

        @Override
        public Optional<Checkpoint> commitAndRelease(Set<PartitionId> released) {
          return Optional.empty();
        }
      };
}
