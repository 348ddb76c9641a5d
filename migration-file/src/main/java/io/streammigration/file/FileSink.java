package io.streammigration.file;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.RewindableSink;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records, in the order given, into segment files {@code <prefix><20-digit ordinal>.smf} (or
 * {@code .log} for newline-delimited) in one directory, rolling to a new segment by size and
 * optionally by age. Framed records keep their source partition and position (see {@link
 * FramedFormat}), so the destination can be checked against the source.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open}: resolves the directory inside the configured root (real paths: a symlink
 *       leading out is refused), creates it, and takes an exclusive lock on it ({@code
 *       .sink.lock}), so a second sink, in this process or another, cannot interleave with or
 *       truncate this one's writes. The operating system releases the lock when the process dies.
 *       The context's guarantee picks the protocol below.
 *   <li>EXACTLY_ONCE: {@link #recover()} once, before any write: reads the {@link CommitManifest},
 *       truncates every segment to its committed length, deletes segments created after it, and
 *       returns its checkpoint. AT_LEAST_ONCE (a context with that guarantee and no {@code
 *       recover()}, as {@link #appending} gets): this instance starts a new segment, so it never
 *       appends after a torn record a crashed instance left.
 *   <li>{@link #write}: buffered appends, one system call per buffer.
 *   <li>{@link #flush()} (AT_LEAST_ONCE): write and fsync; durable on return. {@link #commit}
 *       (EXACTLY_ONCE): fsync the data, then atomically replace the manifest (temporary file,
 *       fsync, rename, fsync the directory) with every segment's length and the checkpoint.
 *       Committing the last committed checkpoint again changes nothing.
 *   <li>{@link #close()}: closes files without flushing and releases the lock; idempotent.
 * </ol>
 *
 * <p>Readers of an EXACTLY_ONCE directory must trust only the manifest's lengths ({@link
 * FileSourceConfig.Builder#committedOnly}, {@link CommittedSegments}). Files are created owner
 * read/write only.
 *
 * <p><b>Threads.</b> The engine's writer thread calls every method; all may block on disk I/O. I/O
 * failures are {@link io.streammigration.core.error.RetriableMigrationException}s naming the file.
 */
public final class FileSink implements RewindableSink {

  private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

  private final FileSinkConfig config;
  private Path directory;
  private ManifestHistory history;
  private DeliveryGuarantee guarantee;
  private ByteBuffer buffer;
  private SegmentAppender current;

  /** Length of every segment before the current one that the next manifest must list. */
  private final Map<String, Long> sealed = new LinkedHashMap<>();

  private long nextOrdinal;
  private boolean recovered;
  private boolean directoryDirty;
  private Checkpoint lastCommitted;
  private DirectoryLock lock;
  private boolean closed;

  public FileSink(FileSinkConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A sink writing framed segments into {@code directory} with every default. */
  public static FileSink of(Path directory) {
    return new FileSink(FileSinkConfig.ofDefaults(directory));
  }

  /**
   * A FileSink without the {@link TransactionalSink} capability, for AT_LEAST_ONCE with a {@link
   * io.streammigration.core.spi.CheckpointStore}: the engine drives any transactional sink through
   * recover and commit (which makes AT_LEAST_ONCE exactly once), so plain appends with {@code
   * flush()} need a sink that is not one. No manifest is written; readers take every complete
   * record of every segment, and replays after a crash appear as duplicates.
   */
  public static Sink appending(FileSinkConfig config) {
    FileSink sink = new FileSink(config);
    return new Sink() {
      @Override
      public void open(SinkContext context) {
        sink.open(context);
      }

      @Override
      public void write(List<Record> records) {
        sink.write(records);
      }

      @Override
      public void flush() {
        sink.flush();
      }

      @Override
      public void close() {
        sink.close();
      }

      @Override
      public String toString() {
        return "appending " + sink;
      }
    };
  }

  public FileSinkConfig config() {
    return config;
  }

  @Override
  public void open(SinkContext context) {
    Objects.requireNonNull(context, "context");
    guarantee = context.guarantee();
    directory = confinedDirectory();
    lock = DirectoryLock.acquire(directory);
    history = new ManifestHistory(directory);
    buffer = ByteBuffer.allocate(config.writeBufferSize());
    if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
      TreeMap<Long, Path> existing = existingSegments();
      nextOrdinal = existing.isEmpty() ? 0 : existing.lastKey() + 1;
    }
  }

  private Path confinedDirectory() {
    try {
      Files.createDirectories(config.root());
      Path realRoot = config.root().toRealPath();
      Path target = realRoot.resolve(config.root().relativize(config.directory()));
      Files.createDirectories(target);
      Path real = target.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new MigrationConfigException(
            "directory",
            config.directory() + " resolves to " + real + ", outside the root " + realRoot);
      }
      return real;
    } catch (IOException e) {
      throw SegmentFiles.failure("creating the sink directory", config.directory(), e);
    }
  }

  @Override
  public Optional<Checkpoint> recover() {
    requireOpen();
    Path manifestFile = directory.resolve(CommitManifest.FILE_NAME);
    Optional<CommitManifest> manifest = CommittedSegments.readManifest(directory);
    TreeMap<Long, Path> existing = existingSegments();
    if (manifest.isEmpty() && !existing.isEmpty()) {
      // A transactional sink writes its (empty) manifest before its first segment, so these were
      // written by something else (an appending sink, an operator): not ours to delete.
      throw new MigrationException(
          directory
              + " holds "
              + existing.size()
              + " segment files but no "
              + CommitManifest.FILE_NAME
              + "; refusing to treat them as uncommitted and delete them. Use an empty directory.");
    }
    sealed.clear();
    try {
      long lastListed = -1;
      if (manifest.isPresent()) {
        for (Map.Entry<String, Long> e : manifest.get().segments().entrySet()) {
          Path file = directory.resolve(e.getKey());
          long ordinal = config.ordinalOf(e.getKey());
          long length = Files.isRegularFile(file) ? Files.size(file) : -1;
          if (ordinal < 0 || length < e.getValue()) {
            throw new MigrationException(
                "committed data lost: "
                    + manifestFile
                    + " lists "
                    + e.getKey()
                    + " with "
                    + e.getValue()
                    + " bytes but the file has "
                    + Math.max(length, 0));
          }
          if (length > e.getValue()) {
            try (FileChannel ch = SegmentFiles.openExisting(file)) {
              ch.truncate(e.getValue());
              ch.force(true);
            }
          }
          sealed.put(e.getKey(), e.getValue());
          lastListed = Math.max(lastListed, ordinal);
        }
      }
      for (Map.Entry<Long, Path> e : existing.entrySet()) {
        if (!sealed.containsKey(e.getValue().getFileName().toString())) {
          Files.delete(e.getValue());
        }
      }
      SegmentFiles.fsyncDirectory(directory);
      nextOrdinal = lastListed + 1;
      if (lastListed >= 0) {
        reopenLast(lastListed);
      }
    } catch (IOException e) {
      throw SegmentFiles.failure("recovering", directory, e);
    }
    if (manifest.isEmpty()) {
      try {
        SegmentFiles.replaceAtomically(
            manifestFile, new CommitManifest(Map.of(), Optional.empty()).encode());
      } catch (IOException e) {
        throw SegmentFiles.failure("creating", manifestFile, e);
      }
    }
    recovered = true;
    lastCommitted = manifest.flatMap(CommitManifest::checkpoint).orElse(null);
    return Optional.ofNullable(lastCommitted);
  }

  /** Appends to the last committed segment while it has room, rather than a segment per restart. */
  private void reopenLast(long ordinal) throws IOException {
    String name = config.segmentName(ordinal);
    long length = sealed.get(name);
    if (length < config.maxSegmentBytes()) {
      FileChannel ch = SegmentFiles.openExisting(directory.resolve(name));
      ch.position(length);
      current =
          new SegmentAppender(
              directory.resolve(name), ordinal, ch, length, config.format(), buffer);
      sealed.remove(name);
    }
  }

  @Override
  public void write(List<Record> records) {
    requireOpen();
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && !recovered) {
      throw new IllegalStateException("EXACTLY_ONCE: call recover() before the first write");
    }
    for (Record record : records) {
      int bytes = current != null ? current.sizeOf(record) : -1;
      if (current == null || mustRoll(bytes)) {
        roll();
        bytes = current.sizeOf(record);
      }
      current.append(record, bytes);
    }
  }

  private boolean mustRoll(int bytes) {
    long header = config.format().segmentHeaderSize();
    if (current.size() <= header) {
      return false;
    }
    if (current.size() + bytes > config.maxSegmentBytes()) {
      return true;
    }
    return config.maxSegmentAge().isPresent()
        && System.currentTimeMillis() - current.openedAtMillis
            >= config.maxSegmentAge().get().toMillis();
  }

  /**
   * Seals the current segment (durable: a later commit lists its final length) and starts the next.
   */
  private void roll() {
    if (current != null) {
      current.sync();
      current.close();
      sealed.put(current.file.getFileName().toString(), current.size());
    }
    long ordinal = nextOrdinal++;
    Path file = directory.resolve(config.segmentName(ordinal));
    try {
      current =
          new SegmentAppender(
              file, ordinal, SegmentFiles.createNew(file), 0, config.format(), buffer);
    } catch (IOException e) {
      throw SegmentFiles.failure("creating segment", file, e);
    }
    directoryDirty = true;
    if (config.format() == RecordFormat.FRAMED) {
      current.writeHeader();
    }
  }

  @Override
  public void flush() {
    requireOpen();
    if (current != null) {
      current.sync();
    }
    syncDirectoryIfDirty();
  }

  private void syncDirectoryIfDirty() {
    if (directoryDirty) {
      try {
        SegmentFiles.fsyncDirectory(directory);
      } catch (IOException e) {
        throw SegmentFiles.failure("fsync of directory", directory, e);
      }
      directoryDirty = false;
    }
  }

  @Override
  public void commit(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    requireOpen();
    if (!recovered) {
      throw new IllegalStateException("call recover() before the first commit");
    }
    if (lastCommitted != null && checkpoint.id() <= lastCommitted.id()) {
      if (checkpoint.id() == lastCommitted.id()) {
        return; // a repeated commit: already durable, nothing to change
      }
      throw new MigrationException(
          "checkpoint id "
              + checkpoint.id()
              + " is not after the last committed "
              + lastCommitted.id());
    }
    Map<String, Long> lengths = new LinkedHashMap<>(sealed);
    if (current != null) {
      current.sync();
      lengths.put(current.file.getFileName().toString(), current.size());
    }
    Path manifest = directory.resolve(CommitManifest.FILE_NAME);
    CommitManifest committed = new CommitManifest(lengths, Optional.of(checkpoint));
    try {
      // Data first, then the manifest that makes it visible: a crash between the two leaves the
      // old manifest, and recovery cuts the new bytes off.
      SegmentFiles.replaceAtomically(manifest, committed.encode());
    } catch (IOException e) {
      throw SegmentFiles.failure("replacing", manifest, e);
    }
    directoryDirty = false;
    lastCommitted = checkpoint;
    try {
      history.record(checkpoint, committed);
    } catch (IOException e) {
      // The commit is durable; only this rollback point is missing, so the migration goes on.
      LOG.warn(
          "{}: could not keep checkpoint {} as a rollback point: {}",
          directory,
          checkpoint.id(),
          e.toString());
    }
  }

  /** Checkpoints this sink can roll back to, newest first (the last {@value ManifestHistory#KEEP}). */
  @Override
  public List<Checkpoint> committedHistory(int max) {
    requireOpen();
    return history.checkpoints(max);
  }

  /**
   * Returns the directory to the manifest committed with {@code checkpointId}: segments are cut
   * to its lengths and later segments deleted (by the {@link #recover()} that follows), after the
   * history past it is forgotten and that manifest made current, each step durable before the
   * next. Call after {@link #open}, before {@link #recover()}. A crash part-way leaves the old
   * manifest current (call again) or the chosen one; data the chosen manifest covers is never
   * touched.
   */
  @Override
  public Checkpoint rollbackTo(long checkpointId) {
    requireOpen();
    if (recovered) {
      throw new IllegalStateException("rollbackTo after recover: roll back first, then recover");
    }
    CommitManifest target = history.manifest(checkpointId);
    Checkpoint checkpoint =
        target
            .checkpoint()
            .orElseThrow(
                () -> new MigrationException("kept manifest " + checkpointId + " has no checkpoint"));
    Path manifest = directory.resolve(CommitManifest.FILE_NAME);
    try {
      // Later rollback points go first, so none can outlive the data it describes; then the
      // chosen manifest becomes current, and recover() cuts what it does not cover.
      history.forgetAfter(checkpointId);
      SegmentFiles.replaceAtomically(manifest, target.encode());
    } catch (IOException e) {
      throw SegmentFiles.failure("rolling back to checkpoint " + checkpointId + " in", directory, e);
    }
    LOG.info("{}: rolled back to checkpoint {}", directory, checkpointId);
    return checkpoint;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (current != null) {
        current.close();
        current = null;
      }
    } finally {
      if (lock != null) {
        lock.release();
      }
    }
  }

  /** This sink's segment files in the directory, by ordinal. */
  private TreeMap<Long, Path> existingSegments() {
    TreeMap<Long, Path> segments = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(
          f -> {
            long ordinal = config.ordinalOf(f.getFileName().toString());
            if (ordinal >= 0) {
              segments.put(ordinal, f);
            }
          });
    } catch (IOException e) {
      throw SegmentFiles.failure("listing", directory, e);
    }
    return segments;
  }

  private void requireOpen() {
    if (directory == null || closed) {
      throw new IllegalStateException("sink is " + (closed ? "closed" : "not open"));
    }
  }

  @Override
  public String toString() {
    return "FileSink{" + config.directory() + ", " + config.format() + "}";
  }
}
