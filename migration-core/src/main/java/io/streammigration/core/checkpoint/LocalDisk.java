package io.streammigration.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Disk} on the platform's file system. */
final class LocalDisk implements Disk {

  private static final Logger log = LoggerFactory.getLogger(LocalDisk.class);

  @Override
  public void writeTemp(Path temp, byte[] bytes) throws IOException {
    // Set at creation, not after: a checkpoint may name internal topics and positions, and there
    // must be no moment when another user can open it.
    FileAttribute<?>[] ownerOnly =
        isPosix(temp)
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try (SeekableByteChannel out =
        Files.newByteChannel(
            temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
  }

  @Override
  public void fsyncFile(Path file) throws IOException {
    // WRITE, not READ: some platforms refuse to flush a file opened read-only.
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // POSIX systems support syncing a directory and a failure there is real: the rename may not
      // survive a crash. Windows cannot open a directory as a file, and commits renames itself.
      if (isPosix(directory)) {
        throw e;
      }
      log.debug("directory fsync unsupported on this platform, skipped for {}", directory, e);
    }
  }

  static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
