package io.streammigration.file;

import io.streammigration.core.error.MigrationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * An exclusive, process-wide lock on a sink directory: one writer at a time. An OS file lock, so a
 * killed process never leaves it held.
 */
final class DirectoryLock {

  static final String FILE_NAME = ".sink.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file,
              Set.of(
                  StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              SegmentFiles.ownerOnly());
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw held(directory, "another process");
      }
      return new DirectoryLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw held(directory, "another sink in this process");
    } catch (IOException e) {
      closeQuietly(channel);
      throw SegmentFiles.failure("locking", file, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  void release() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it too
    } finally {
      closeQuietly(channel);
    }
  }

  private static MigrationException held(Path directory, String who) {
    return new MigrationException(
        directory
            + " is locked by "
            + who
            + " writing to it ("
            + FILE_NAME
            + "); one sink per directory");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was written through it
      }
    }
  }
}
