package io.streammigration.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file-system steps of a durable save, one method each, so that tests can simulate a crash (or
 * a power cut that loses what was not yet synced) before or after any of them. {@link #LOCAL} is
 * the real thing; production code never uses another.
 */
interface Disk {

  /** The platform's file system, with real fsync. */
  Disk LOCAL = new LocalDisk();

  /**
   * Creates {@code temp}, which must not exist, readable and writable by the owner only where the
   * file system has POSIX permissions, and writes all of {@code bytes} to it. Not durable yet.
   */
  void writeTemp(Path temp, byte[] bytes) throws IOException;

  /** Makes the content of {@code file} durable. */
  void fsyncFile(Path file) throws IOException;

  /**
   * Renames {@code from} to {@code to} atomically; the new name is durable only after {@link
   * #fsyncDirectory}.
   */
  void rename(Path from, Path to) throws IOException;

  /** Makes the entries of {@code directory} (creations, renames) durable. */
  void fsyncDirectory(Path directory) throws IOException;
}
