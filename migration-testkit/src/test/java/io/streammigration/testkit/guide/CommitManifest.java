package io.streammigration.testkit.guide;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.CheckpointCodec;
import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * What {@link JsonDirectorySink} has committed: the checkpoint, and per partition how many record
 * files are committed (files {@code 0 .. n-1}). One small text file, replaced atomically:
 *
 * <pre>
 * json-directory-sink manifest 1
 * checkpoint U01DUAABAAAA...        (CheckpointCodec bytes, base64)
 * partition orders-0 41
 * partition orders-1 40
 * crc32c 1f2e3d4c                   (of every byte above this line)
 * </pre>
 *
 * <p>Counts rather than a list of file names keep a commit's cost proportional to the number of
 * partitions, not to the number of records ever written. The checkpoint has its own checksum; the
 * last line guards the counts, since a count read too small would make recovery delete committed
 * records.
 *
 * @param checkpoint the committed checkpoint
 * @param counts per partition, the number of committed record files; partition names are the
 *     sink's directory names (ASCII letters, digits, {@code . _ -}), so the file is plain ASCII
 */
record CommitManifest(Checkpoint checkpoint, SortedMap<PartitionId, Long> counts) {

  static final String FILE_NAME = "MANIFEST";
  static final String TEMP_NAME = "MANIFEST.tmp";
  private static final String FIRST_LINE = "json-directory-sink manifest 1";

  CommitManifest {
    counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }

  // tag::commit-point[]
  /**
   * Replaces the manifest in {@code directory} with this one, durably, in one atomic step: write
   * a temporary file, fsync it, rename it over the manifest, fsync the directory. A crash at any
   * point leaves either the old manifest or the new one, whole, never a mixture: the rename is
   * the commit point. The record files it counts must already be durable.
   */
  void writeAtomically(Path directory) {
    Path temp = directory.resolve(TEMP_NAME);
    try {
      try (FileChannel out =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(encode());
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true); // the content must be on disk before the name points at it
      }
      Files.move(temp, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(directory); // the rename itself must survive a power cut
    } catch (IOException e) {
      throw new MigrationException("cannot commit " + directory.resolve(FILE_NAME) + ": " + e, e);
    }
  }
  // end::commit-point[]

  /**
   * The manifest in {@code directory}, or empty if nothing was ever committed there.
   *
   * @throws CheckpointCorruptionException naming the file if it is torn, corrupt or unreadable
   */
  static Optional<CommitManifest> read(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new MigrationException("cannot read " + file + ": " + e, e);
    }
    // ISO-8859-1 maps each byte to one char, so string indices are byte offsets for the checksum.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int crcLine = text.lastIndexOf("\ncrc32c ") + 1;
    if (crcLine == 0 || !text.substring(crcLine).equals(crcLine(bytes, crcLine))) {
      throw new CheckpointCorruptionException(file.toString(), "manifest checksum mismatch");
    }
    try {
      String[] lines = text.substring(0, crcLine).split("\n");
      if (!lines[0].equals(FIRST_LINE) || !lines[1].startsWith("checkpoint ")) {
        throw new IllegalArgumentException("unknown layout, first lines: " + lines[0]);
      }
      byte[] checkpoint = Base64.getDecoder().decode(lines[1].substring("checkpoint ".length()));
      SortedMap<PartitionId, Long> counts = new TreeMap<>();
      for (int i = 2; i < lines.length; i++) {
        String[] fields = lines[i].split(" ");
        if (fields.length != 3 || !fields[0].equals("partition")) {
          throw new IllegalArgumentException("bad line " + (i + 1) + ": " + lines[i]);
        }
        counts.put(PartitionId.of(fields[1]), Long.parseLong(fields[2]));
      }
      return Optional.of(
          new CommitManifest(CheckpointCodec.decode(checkpoint, file.toString()), counts));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new CheckpointCorruptionException(file.toString(), "malformed manifest: " + e, e);
    }
  }

  private byte[] encode() {
    StringBuilder text = new StringBuilder(FIRST_LINE).append('\n');
    text.append("checkpoint ")
        .append(Base64.getEncoder().encodeToString(CheckpointCodec.encode(checkpoint)))
        .append('\n');
    for (Map.Entry<PartitionId, Long> e : counts.entrySet()) {
      text.append("partition ").append(e.getKey().name()).append(' ').append(e.getValue());
      text.append('\n');
    }
    byte[] body = text.toString().getBytes(StandardCharsets.ISO_8859_1);
    return (text + crcLine(body, body.length)).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The last line: the CRC32C of {@code bytes[0, length)}. */
  private static String crcLine(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return String.format("crc32c %08x\n", crc.getValue());
  }

  static void fsyncDirectory(Path directory) throws IOException {
    // Works on Linux and macOS; Windows cannot open a directory, and commits renames itself.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
