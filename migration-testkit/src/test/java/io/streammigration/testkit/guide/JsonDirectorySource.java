package io.streammigration.testkit.guide;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bounded {@link Source} over a directory of record documents: the example adapter of {@code
 * docs/writing-an-adapter.md}.
 *
 * <pre>
 * input/
 *   orders-0/00000000.json   partition "orders-0", position 0
 *   orders-0/00000001.json   partition "orders-0", position 1
 *   orders-1/00000000.json   partition "orders-1", position 0
 * </pre>
 *
 * <ul>
 *   <li>Each subdirectory is a partition, named after it. Each {@code <sequence>.json} file in it
 *       is one record, in the {@link RecordDocument} format; its position is {@code
 *       Position.of(sequence)}. Sequences start at 0 and are dense (a missing file would be a lost
 *       record, so it is an error). Other files are ignored.
 *   <li>Bounded: the files present when {@link #open} runs are the input; end of input comes when
 *       all of them were returned. Files added later are not seen.
 *   <li>Resume: after {@code open(ctx, Optional.of(cp))} the source returns, per partition, exactly
 *       the records whose position is after {@code cp.position(partition)}.
 *   <li>Errors name the file: {@link SourceCorruptionException} for a bad name, a gap or a bad
 *       document, {@link RetriableMigrationException} for an I/O error that may pass.
 * </ul>
 *
 * <p>Called by the engine's reader thread only, so it holds plain, unsynchronized state.
 */
public final class JsonDirectorySource implements Source {

  private static final Pattern FILE_NAME = Pattern.compile("(\\d{1,18})\\.json");

  private final Path directory;
  /** The files to return, in the order {@link #poll} returns them. */
  private final List<PendingFile> files = new ArrayList<>();
  /** Index in {@link #files} of the next file to return. */
  private int next;

  private record PendingFile(Path file, PartitionId partition, Position position) {}

  /** A source over {@code directory}, which must exist when the source is opened. */
  public JsonDirectorySource(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  // tag::open[]
  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
    Objects.requireNonNull(resumeFrom, "resumeFrom");
    List<List<PendingFile>> partitions = new ArrayList<>();
    for (Path partitionDir : list(directory, Files::isDirectory)) {
      PartitionId partition = PartitionId.of(partitionDir.getFileName().toString());
      Optional<Position> covered = resumeFrom.flatMap(cp -> cp.position(partition));
      List<PendingFile> rest = new ArrayList<>();
      for (PendingFile f : listPartition(partitionDir, partition)) {
        // The resume contract: skip what the checkpoint covers, deliver everything after it.
        if (covered.isEmpty() || f.position().isAfter(covered.get())) {
          rest.add(f);
        }
      }
      partitions.add(rest);
    }
    // Take the partitions in turn, as a live source would, so that a checkpoint taken mid-run
    // covers every partition part-way: a sterner test of resume than one partition after another.
    int longest = partitions.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<PendingFile> partition : partitions) {
        if (i < partition.size()) {
          files.add(partition.get(i));
        }
      }
    }
  }
  // end::open[]

  // tag::poll[]
  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    // Every file is already there, so there is nothing to wait for: the timeout is never needed.
    List<Record> batch = new ArrayList<>(Math.min(maxRecords, files.size() - next));
    int at = next;
    while (batch.size() < maxRecords && at < files.size()) {
      batch.add(read(files.get(at++)));
    }
    // Advance only once the whole batch was read: if a read throws, a retried poll starts again
    // at the first record the engine has not received, instead of silently skipping some.
    next = at;
    return batch;
  }

  @Override
  public boolean isEndOfInput() {
    return next == files.size();
  }
  // end::poll[]

  /** True: positions are the dense sequence numbers {@link #open} checked. */
  @Override
  public boolean positionsAreDense() {
    return true;
  }

  /** Nothing to release: files are opened and closed within each read. */
  @Override
  public void close() {}

  // tag::errors[]
  private Record read(PendingFile f) {
    byte[] document;
    try {
      document = Files.readAllBytes(f.file());
    } catch (NoSuchFileException e) {
      throw new SourceCorruptionException(
          f.file().toString(), f.partition(), f.position(), "deleted after the source opened", e);
    } catch (IOException e) {
      throw new RetriableMigrationException("cannot read " + f.file() + ": " + e, e);
    }
    try {
      return RecordDocument.decode(document, f.partition(), f.position());
    } catch (IllegalArgumentException e) {
      throw new SourceCorruptionException(
          f.file().toString(), f.partition(), f.position(), e.getMessage(), e);
    }
  }
  // end::errors[]

  /** The record files of one partition, by position, checked to be dense from 0. */
  private static List<PendingFile> listPartition(Path partitionDir, PartitionId partition) {
    TreeMap<Long, Path> bySequence = new TreeMap<>();
    for (Path file : list(partitionDir, Files::isRegularFile)) {
      String name = file.getFileName().toString();
      if (!name.endsWith(".json")) {
        continue; // not a record (an editor backup, a temporary file): not ours to judge
      }
      Matcher m = FILE_NAME.matcher(name);
      if (!m.matches() || bySequence.put(Long.parseLong(m.group(1)), file) != null) {
        // The name is the position, so a bad name has none: report the partition's start.
        throw new SourceCorruptionException(
            file.toString(), partition, Position.of(0), "not a <sequence>.json name, or a repeat");
      }
    }
    List<PendingFile> files = new ArrayList<>(bySequence.size());
    long expected = 0;
    for (var e : bySequence.entrySet()) {
      if (e.getKey() != expected) {
        throw new SourceCorruptionException(
            partitionDir.resolve(String.format("%08d.json", expected)).toString(),
            partition,
            Position.of(expected),
            "missing: the next file is " + e.getValue().getFileName());
      }
      files.add(new PendingFile(e.getValue(), partition, Position.of(expected++)));
    }
    return files;
  }

  private static List<Path> list(Path dir, Predicate<Path> filter) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(filter).sorted().toList();
    } catch (IOException e) {
      throw new MigrationException("cannot list " + dir + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "JsonDirectorySource{" + directory + ", next " + next + " of " + files.size() + "}";
  }
}
