package io.streammigration.core.checkpoint;

import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CheckpointStore} in a directory of its own, one file per checkpoint, named by its
 * zero-padded id: {@code checkpoint-00000000000000000042.ckpt}, in the {@link CheckpointCodec}
 * format.
 *
 * <h2>Save protocol</h2>
 *
 * <ol>
 *   <li>Write the encoded checkpoint to {@code checkpoint-<id>.ckpt.tmp} in the same directory,
 *       created owner read/write only ({@code rw-------}) where the file system is POSIX.
 *   <li>fsync the temp file.
 *   <li>Rename it atomically to its final name.
 *   <li>fsync the directory, so the rename survives a power cut.
 *   <li>Delete the oldest checkpoint files beyond the {@code keep} newest.
 * </ol>
 *
 * <p>A crash before step 3 leaves only a temp file, which is ignored and deleted on the next
 * {@link Builder#build() open}; a crash after it leaves the new checkpoint, whole. Either way
 * {@link #latest()} returns the previous or the new checkpoint.
 *
 * <h2>Corruption and rollback</h2>
 *
 * <p>{@link #latest()} reads only the highest-id file; if it is corrupt it throws {@link
 * CheckpointCorruptionException} whose {@link CheckpointCorruptionException#location() location}
 * is the file's path, and never falls back to an older file on its own. An operator looks with
 * {@link #inspect()} and chooses with {@link #rollbackTo}, which renames every newer file (corrupt
 * or not) aside to {@code *.discarded}: kept for forensics, never read again.
 *
 * <h2>Errors</h2>
 *
 * <p>I/O failures become {@link RetriableMigrationException} naming the path when repeating the
 * call may succeed, {@link MigrationException} when it cannot (permission denied, not a
 * directory).
 *
 * <p><b>Threads.</b> Methods are atomic with respect to each other within one instance. One
 * directory must have one store open at a time. Methods other than {@link #close()} throw {@link
 * IllegalStateException} once the store is closed.
 */
public final class FileCheckpointStore implements CheckpointStore {

  private static final Logger log = LoggerFactory.getLogger(FileCheckpointStore.class);

  private final Path directory;
  private final int keep;
  private final Disk disk;
  private boolean closed;

  private FileCheckpointStore(Path directory, int keep, Disk disk) {
    this.directory = directory;
    this.keep = keep;
    this.disk = disk;
  }

  /**
   * Opens the store in {@code directory} keeping the last 10 checkpoints; see {@link
   * Builder#build()}.
   */
  public static FileCheckpointStore open(Path directory) {
    return builder(directory).build();
  }

  /** A builder for a store in {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The directory holding the checkpoint files. */
  public Path directory() {
    return directory;
  }

  /** How many checkpoint files the store keeps. */
  public int keep() {
    return keep;
  }

  /**
   * The checkpoint in the highest-id file, or empty if there is none.
   *
   * @throws CheckpointCorruptionException if that file is corrupt; its location is the file path
   */
  @Override
  public synchronized Optional<Checkpoint> latest() {
    checkOpen();
    Map.Entry<Long, Path> newest = checkpointFiles().lastEntry();
    return newest == null
        ? Optional.empty()
        : Optional.of(read(newest.getKey(), newest.getValue()));
  }

  /**
   * Saves {@code checkpoint} durably by the protocol in the class description, then prunes.
   *
   * @throws MigrationException if its id is not greater than the highest id of any checkpoint file
   *     present, intact or corrupt
   * @throws RetriableMigrationException if an I/O step failed; nothing was saved and the call may
   *     be repeated
   */
  @Override
  public synchronized void save(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    checkOpen();
    NavigableMap<Long, Path> files = checkpointFiles();
    if (!files.isEmpty() && checkpoint.id() <= files.lastKey()) {
      throw new MigrationException(
          "checkpoint id "
              + checkpoint.id()
              + " is not greater than the latest stored id "
              + files.lastKey()
              + " ("
              + files.lastEntry().getValue()
              + "); checkpoint ids must strictly increase");
    }
    byte[] bytes = CheckpointCodec.encode(checkpoint);
    Path target = directory.resolve(CheckpointFileNames.checkpoint(checkpoint.id()));
    Path temp = directory.resolve(CheckpointFileNames.temp(checkpoint.id()));
    boolean renamed = false;
    try {
      Files.deleteIfExists(temp);
      disk.writeTemp(temp, bytes);
      disk.fsyncFile(temp);
      disk.rename(temp, target);
      renamed = true;
      disk.fsyncDirectory(directory);
    } catch (IOException e) {
      throw abandonSave(target, temp, renamed, e);
    }
    files.put(checkpoint.id(), target);
    prune(files);
    log.debug("saved checkpoint {} to {}", checkpoint.id(), target);
  }

  /** Up to {@code max} intact checkpoints, newest first; corrupt files are skipped. */
  @Override
  public synchronized List<Checkpoint> history(int max) {
    Retention.checkMax(max);
    checkOpen();
    List<Checkpoint> newestFirst = new ArrayList<>();
    for (Map.Entry<Long, Path> file : checkpointFiles().descendingMap().entrySet()) {
      if (newestFirst.size() == max) {
        break;
      }
      try {
        newestFirst.add(read(file.getKey(), file.getValue()));
      } catch (CheckpointCorruptionException e) {
        log.debug("history skips a corrupt checkpoint: {}", e.getMessage());
      }
    }
    return List.copyOf(newestFirst);
  }

  /**
   * Makes the intact checkpoint {@code id} the latest: every newer file, corrupt or not, is renamed
   * to {@code <name>.discarded} (or {@code <name>.<n>.discarded} if that exists) and the
   * directory is fsynced. Idempotent; if interrupted, call it again.
   *
   * @throws MigrationException if there is no file for {@code id} or it is corrupt (the cause is
   *     then the {@link CheckpointCorruptionException})
   */
  @Override
  public synchronized Checkpoint rollbackTo(long id) {
    checkOpen();
    NavigableMap<Long, Path> files = checkpointFiles();
    Path chosen = files.get(id);
    if (chosen == null) {
      throw new MigrationException(
          "cannot roll back to checkpoint "
              + id
              + ": no file "
              + directory.resolve(CheckpointFileNames.checkpoint(id))
              + "; stored ids are "
              + files.keySet());
    }
    Checkpoint checkpoint;
    try {
      checkpoint = read(id, chosen);
    } catch (CheckpointCorruptionException e) {
      throw new MigrationException(
          "cannot roll back to checkpoint " + id + ": " + e.getMessage(), e);
    }
    Path current = chosen;
    try {
      // Newest first: if interrupted, what is left is still a contiguous run of ids.
      for (Path newer : files.tailMap(id, false).descendingMap().values()) {
        current = newer;
        disk.rename(newer, CheckpointFileNames.discarded(newer));
      }
      disk.fsyncDirectory(directory);
    } catch (IOException e) {
      throw ioFailure("set aside " + current + " while rolling back to checkpoint " + id, e);
    }
    log.debug("rolled back to {}, set aside ids {}", chosen, files.tailMap(id, false).keySet());
    return checkpoint;
  }

  /**
   * Every checkpoint file the store would read, newest first, each with its checkpoint or why it
   * is corrupt. Temp files and {@code *.discarded} files are not listed.
   */
  public synchronized List<StoredCheckpoint> inspect() {
    checkOpen();
    List<StoredCheckpoint> newestFirst = new ArrayList<>();
    for (Map.Entry<Long, Path> file : checkpointFiles().descendingMap().entrySet()) {
      long id = file.getKey();
      Path path = file.getValue();
      try {
        newestFirst.add(StoredCheckpoint.ofIntact(id, path, read(id, path)));
      } catch (CheckpointCorruptionException e) {
        newestFirst.add(StoredCheckpoint.ofCorrupt(id, path, e.getMessage()));
      }
    }
    return List.copyOf(newestFirst);
  }

  /**
   * Every checkpoint file in {@code directory}, newest first, as {@link #inspect()} lists them, but
   * read without opening a store: nothing is created, cleaned up or renamed, so a command can look
   * while a migration saves checkpoints there (opening a store would delete that migration's temp
   * file). A file the migration prunes between listing and reading is left out.
   *
   * @throws MigrationConfigException naming {@code directory} if it is not a directory
   * @throws MigrationException if the directory or a file cannot be read
   */
  public static List<StoredCheckpoint> peek(Path directory) {
    Path dir = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new MigrationConfigException("directory", dir + " is not a directory");
    }
    FileCheckpointStore view = new FileCheckpointStore(dir, Retention.DEFAULT_KEEP, Disk.LOCAL);
    List<StoredCheckpoint> newestFirst = new ArrayList<>();
    for (Map.Entry<Long, Path> file : view.checkpointFiles().descendingMap().entrySet()) {
      long id = file.getKey();
      Path path = file.getValue();
      try {
        newestFirst.add(StoredCheckpoint.ofIntact(id, path, view.read(id, path)));
      } catch (CheckpointCorruptionException e) {
        newestFirst.add(StoredCheckpoint.ofCorrupt(id, path, e.getMessage()));
      } catch (RetriableMigrationException e) {
        if (Files.exists(path)) {
          throw e;
        }
        // Pruned by a running migration since the listing: it is no longer stored.
      }
    }
    return List.copyOf(newestFirst);
  }

  /** Idempotent. Holds no open files between calls, so there is nothing else to release. */
  @Override
  public synchronized void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "FileCheckpointStore{" + directory + ", keep=" + keep + "}";
  }

  private Checkpoint read(long id, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw ioFailure("read checkpoint " + file, e);
    }
    Checkpoint checkpoint = CheckpointCodec.decode(bytes, file.toString());
    if (checkpoint.id() != id) {
      // A file copied or renamed by hand: trusting either id could resume from the wrong place.
      throw new CheckpointCorruptionException(
          file.toString(),
          "file name says id " + id + " but it holds checkpoint " + checkpoint.id());
    }
    return checkpoint;
  }

  /** Checkpoint files by the id in their names, read from the directory on each call. */
  private NavigableMap<Long, Path> checkpointFiles() {
    NavigableMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        CheckpointFileNames.idOf(entry).ifPresent(id -> files.put(id, entry));
      }
    } catch (IOException e) {
      throw ioFailure("list checkpoint directory " + directory, e);
    }
    return files;
  }

  private MigrationException abandonSave(Path target, Path temp, boolean renamed, IOException e) {
    try {
      Files.deleteIfExists(temp);
      // The new file may be in place without its directory entry being durable; removing it keeps
      // the store at the previous checkpoint, so repeating the save is both possible and safe.
      if (renamed) {
        Files.deleteIfExists(target);
      }
    } catch (IOException cleanup) {
      e.addSuppressed(cleanup);
      return new MigrationException(
          "cannot save " + target + " nor undo the partial save; inspect the directory: " + e, e);
    }
    return ioFailure("save " + target, e);
  }

  private void prune(NavigableMap<Long, Path> files) {
    while (files.size() > keep) {
      Path oldest = files.pollFirstEntry().getValue();
      try {
        Files.deleteIfExists(oldest);
      } catch (IOException e) {
        // The save itself is durable; failing it now would make the caller retry a done save.
        log.warn("cannot delete old checkpoint {}; next save retries: {}", oldest, e.toString());
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("checkpoint store " + directory + " is closed");
    }
  }

  private static MigrationException ioFailure(String what, IOException e) {
    String message = "cannot " + what + ": " + e;
    return e instanceof AccessDeniedException || e instanceof NotDirectoryException
        ? new MigrationException(message, e)
        : new RetriableMigrationException(message, e);
  }

  /** Configures and opens a {@link FileCheckpointStore}. Validates each setting when it is set. */
  public static final class Builder {
    private final Path directory;
    private int keep = Retention.DEFAULT_KEEP;
    private Disk disk = Disk.LOCAL;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /**
     * How many checkpoint files to keep for rollback, newest first. Default 10.
     *
     * @throws MigrationConfigException naming {@code keep} unless 1 &lt;= keep &lt;= 10000
     */
    public Builder keep(int keep) {
      this.keep = Retention.checkKeep(keep);
      return this;
    }

    /** For crash simulation only. */
    Builder disk(Disk disk) {
      this.disk = Objects.requireNonNull(disk, "disk");
      return this;
    }

    /**
     * Opens the store: creates the directory if missing ({@code rwx------} where POSIX; parents
     * with default permissions), and deletes temp files left by a crashed save.
     *
     * @throws MigrationConfigException naming {@code directory} if the path is not a directory
     * @throws MigrationException if the directory cannot be created or read
     */
    public FileCheckpointStore build() {
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new MigrationConfigException(
            "directory", directory + " exists and is not a directory");
      }
      if (!Files.isDirectory(directory)) {
        create();
      }
      FileCheckpointStore store = new FileCheckpointStore(directory, keep, disk);
      store.deleteTempFiles();
      return store;
    }

    private void create() {
      try {
        Path parent = directory.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        if (LocalDisk.isPosix(directory)) {
          Files.createDirectory(
              directory,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(directory);
        }
        if (parent != null) {
          disk.fsyncDirectory(parent);
        }
      } catch (FileAlreadyExistsException raced) {
        // Created by someone else since the check; using it is what the caller asked for.
      } catch (IOException e) {
        throw ioFailure("create checkpoint directory " + directory, e);
      }
    }
  }

  private void deleteTempFiles() {
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(directory, CheckpointFileNames::isTemp)) {
      for (Path temp : entries) {
        log.debug("deleting {}, left by an interrupted save", temp);
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw ioFailure("clean up temp files in " + directory, e);
    }
  }
}
