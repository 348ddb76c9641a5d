package io.streammigration.testkit.guide;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.TransactionalSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An exactly-once {@link TransactionalSink} that writes each record to its own file: the example
 * adapter of {@code docs/writing-an-adapter.md}.
 *
 * <pre>
 * target/
 *   MANIFEST                   the commit point: checkpoint + committed file count per partition
 *   data/orders-0/00000000.json
 *   data/orders-0/00000001.json   (written, maybe not yet committed)
 * </pre>
 *
 * <ol>
 *   <li>{@link #open} checks the guarantee and creates the directories.
 *   <li>{@link #recover()} reads the {@link CommitManifest}, deletes every record file it does not
 *       count, and returns its checkpoint.
 *   <li>{@link #write} writes each record to the next file of its partition, in the {@link
 *       RecordDocument} format. Not visible: readers only read what the manifest counts.
 *   <li>{@link #commit} fsyncs the new files, then atomically replaces the manifest with one that
 *       counts them and holds the checkpoint. Repeating the last commit changes nothing; an older
 *       id is refused.
 *   <li>{@link #close()} releases nothing (no file stays open) and commits nothing.
 * </ol>
 *
 * <p>Readers of the output use {@link CommittedOutput}, which reads only what the manifest counts.
 *
 * <p>Called by the engine's writer thread only, so it holds plain, unsynchronized state. One sink
 * instance at a time may write to a directory.
 */
public final class JsonDirectorySink implements TransactionalSink {

  private static final Pattern PARTITION_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern FILE_NAME = Pattern.compile("(\\d{1,18})\\.json");

  private final Path directory;
  private final Path data;
  /** Per partition, how many files the manifest commits. */
  private SortedMap<PartitionId, Long> committed = new TreeMap<>();
  /** Per partition, how many files exist: the committed ones plus those written since. */
  private final SortedMap<PartitionId, Long> written = new TreeMap<>();
  private Optional<Checkpoint> lastCommitted = Optional.empty();
  private boolean opened;
  private boolean recovered;
  private boolean closed;

  /** A sink writing to {@code directory}, created if absent. */
  public JsonDirectorySink(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.data = directory.resolve("data");
  }

  @Override
  public void open(SinkContext context) {
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new MigrationException("cannot create " + data + ": " + e, e);
    }
    opened = true;
  }

  // tag::recover[]
  @Override
  public Optional<Checkpoint> recover() {
    requireState("recover", opened);
    // Throws on a corrupt manifest before anything is deleted: without a count it can trust,
    // recovery cannot tell committed files from leftovers, and must not guess.
    Optional<CommitManifest> manifest = CommitManifest.read(directory);
    committed = new TreeMap<>(manifest.map(CommitManifest::counts).orElse(new TreeMap<>()));
    lastCommitted = manifest.map(CommitManifest::checkpoint);
    // Discard what a dead process wrote after its last commit. Readers never see those files,
    // but the next write() reuses their names, and CREATE_NEW there turns a leftover into a loud
    // error instead of a silent mixture. Deleting only names this sink creates means a sink
    // pointed at the wrong directory cannot wipe it. Deletions need no fsync: if one is lost to
    // a power cut, the next recover() simply deletes the file again.
    try {
      for (Path partitionDir : list(data)) {
        if (!Files.isDirectory(partitionDir)) {
          continue;
        }
        PartitionId partition = PartitionId.of(partitionDir.getFileName().toString());
        long keep = committed.getOrDefault(partition, 0L);
        for (Path file : list(partitionDir)) {
          Matcher m = FILE_NAME.matcher(file.getFileName().toString());
          if (m.matches() && Long.parseLong(m.group(1)) >= keep) {
            Files.delete(file);
          }
        }
      }
      Files.deleteIfExists(directory.resolve(CommitManifest.TEMP_NAME));
    } catch (IOException e) {
      throw new MigrationException("cannot discard uncommitted files in " + data + ": " + e, e);
    }
    written.clear();
    written.putAll(committed);
    recovered = true;
    return lastCommitted;
  }
  // end::recover[]

  // tag::write[]
  @Override
  public void write(List<Record> records) {
    requireState("write", recovered);
    // Read the engine's list, never keep it: the engine reuses it for the next batch.
    for (Record record : records) {
      PartitionId partition = record.partition();
      long sequence =
          written.containsKey(partition) ? written.get(partition) : newPartition(partition);
      Path file = data.resolve(partition.name()).resolve(fileName(sequence));
      try {
        Files.write(file, RecordDocument.encode(record), StandardOpenOption.CREATE_NEW);
      } catch (IOException e) {
        // Fatal, not retriable: part of the batch is written, and a retried write() would write
        // it twice. The engine fails the run; recover() in the next one discards the partial batch.
        throw new MigrationException(
            "cannot write " + file + " for " + partition + "@" + record.position() + ": " + e, e);
      }
      written.put(partition, sequence + 1);
    }
  }
  // end::write[]

  /**
   * Makes the writes durable but not visible: only {@link #commit} publishes. (The engine never
   * calls {@code flush} on a transactional sink, whatever the guarantee: it commits instead.)
   */
  @Override
  public void flush() {
    requireState("flush", recovered);
    syncUncommittedFiles();
  }

  // tag::commit[]
  @Override
  public void commit(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    requireState("commit", recovered);
    if (lastCommitted.isPresent()) {
      Checkpoint last = lastCommitted.get();
      if (checkpoint.equals(last) && written.equals(committed)) {
        return; // the engine repeated a commit whose outcome it did not learn: already done
      }
      if (checkpoint.id() <= last.id()) {
        // Replacing a newer checkpoint by an older one would make the next resume replay records
        // that are already committed: duplicates.
        throw new MigrationException(
            "commit of checkpoint " + checkpoint.id() + " refused: " + directory
                + " already committed checkpoint " + last.id()
                + " (ids must increase; a repeat must be identical and add no writes)");
      }
    }
    syncUncommittedFiles(); // 1. the data is durable ...
    new CommitManifest(checkpoint, written).writeAtomically(directory); // 2. ... then published
    committed = new TreeMap<>(written);
    lastCommitted = Optional.of(checkpoint);
  }
  // end::commit[]

  @Override
  public void close() {
    closed = true; // uncommitted files stay invisible and go at the next recover()
  }

  /** Checks the name and creates the partition's directory; returns its first sequence, 0. */
  private long newPartition(PartitionId partition) {
    String name = partition.name();
    if (!PARTITION_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new MigrationException(
          "partition '" + name + "' cannot name a directory in " + data
              + ": JsonDirectorySink accepts A-Z a-z 0-9 . _ - (not . or ..)");
    }
    try {
      Files.createDirectories(data.resolve(name));
    } catch (IOException e) {
      throw new MigrationException("cannot create " + data.resolve(name) + ": " + e, e);
    }
    return 0;
  }

  /** fsyncs every file written since the last commit, and the directories naming them. */
  private void syncUncommittedFiles() {
    try {
      for (Map.Entry<PartitionId, Long> e : written.entrySet()) {
        long from = committed.getOrDefault(e.getKey(), 0L);
        Path partitionDir = data.resolve(e.getKey().name());
        for (long sequence = from; sequence < e.getValue(); sequence++) {
          Path file = partitionDir.resolve(fileName(sequence));
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
          }
        }
        if (from < e.getValue()) {
          CommitManifest.fsyncDirectory(partitionDir);
        }
      }
      CommitManifest.fsyncDirectory(data); // new partition directories
    } catch (IOException e) {
      throw new MigrationException("cannot sync uncommitted files in " + data + ": " + e, e);
    }
  }

  private void requireState(String method, boolean ready) {
    if (closed || !ready) {
      throw new IllegalStateException(
          method + (closed ? " after close" : " before " + (opened ? "recover" : "open")));
    }
  }

  /** The name of a partition's record file number {@code sequence}: {@code 00000042.json}. */
  static String fileName(long sequence) {
    return String.format("%08d.json", sequence);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    }
  }

  @Override
  public String toString() {
    return "JsonDirectorySink{" + directory + ", last commit "
        + lastCommitted.map(c -> Long.toString(c.id())).orElse("none") + "}";
  }
}
