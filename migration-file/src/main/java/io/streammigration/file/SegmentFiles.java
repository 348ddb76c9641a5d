package io.streammigration.file;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file-system steps the sink's protocol is built from, each with the durability it promises:
 * owner-only creation, no symlink following, fsync of files and directories, atomic replace.
 */
final class SegmentFiles {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private SegmentFiles() {}

  /** rw------- where the file system has POSIX permissions, nothing otherwise. */
  static FileAttribute<?>[] ownerOnly() {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> rw =
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(rw)};
  }

  /** Creates a new file, owner read/write only; fails if it exists. */
  static FileChannel createNew(Path file) throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    return FileChannel.open(file, options, ownerOnly());
  }

  /** Opens an existing file for writing without following a symlink. */
  static FileChannel openExisting(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /** Makes the directory's entries (creations, renames, deletions) durable. */
  static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** Write temp, fsync, rename over {@code target}, fsync the directory: all or nothing. */
  static void replaceAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try (FileChannel ch = createNew(temp)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.getParent());
  }

  /** An I/O failure on {@code file}: retriable, since the disk may recover (space freed). */
  static MigrationException failure(String action, Path file, IOException e) {
    return new RetriableMigrationException(action + " " + file + " failed: " + e, e);
  }
}
