package io.streammigration.file;

import io.streammigration.core.error.CheckpointCorruptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A source's sidecar record of the ordinal it gave each segment, with the segment's identity: why a
 * checkpointed {@code Position(ordinal, offset)} still means the same bytes after logrotate renamed
 * every file. Append-only in meaning (an ordinal, once given, never changes), so a registry newer
 * than a checkpoint reads that checkpoint correctly.
 *
 * <p>Text: a first line {@code next TAB <the next ordinal to give>} (so ordinals are never reused
 * even when every file was deleted), then one segment a line: {@code ordinal TAB fileKey TAB
 * fingerprintLength TAB fingerprintCrc32c TAB lastSeenName}, then a last line {@code crc32c TAB
 * <hex of the lines before>}. Replaced atomically (temporary file, fsync, rename, fsync directory).
 */
final class SegmentRegistry {

  record Entry(long ordinal, String fileKey, Segment.Fingerprint fingerprint, String name) {}

  record Contents(long nextOrdinal, List<Entry> entries) {}

  private SegmentRegistry() {}

  static Contents read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Contents(0, List.of());
    } catch (IOException e) {
      throw SegmentFiles.failure("reading", file, e);
    }
    int last = text.lastIndexOf("crc32c\t");
    if (last < 0) {
      throw new CheckpointCorruptionException(
          file.toString(), "segment registry has no checksum line");
    }
    String body = text.substring(0, last);
    String stored = text.substring(last + 7).trim();
    if (!stored.equals(crc(body))) {
      throw new CheckpointCorruptionException(
          file.toString(), "segment registry checksum mismatch");
    }
    List<Entry> entries = new ArrayList<>();
    long next = 0;
    for (String line : body.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", 5);
      try {
        if (f[0].equals("next")) {
          next = Long.parseLong(f[1]);
          continue;
        }
        entries.add(
            new Entry(
                Long.parseLong(f[0]),
                f[1],
                new Segment.Fingerprint(Integer.parseInt(f[2]), Integer.parseUnsignedInt(f[3], 16)),
                f[4]));
      } catch (RuntimeException e) {
        throw new CheckpointCorruptionException(
            file.toString(), "bad segment registry line: " + line, e);
      }
    }
    return new Contents(next, entries);
  }

  static void write(Path file, long nextOrdinal, List<Segment> segments) {
    StringBuilder body = new StringBuilder("next\t" + nextOrdinal + "\n");
    for (Segment s : segments) {
      Segment.Fingerprint fp =
          s.fingerprint == null ? new Segment.Fingerprint(0, 0) : s.fingerprint;
      body.append(s.ordinal)
          .append('\t')
          .append(s.fileKey.replace('\t', ' ').replace('\n', ' '))
          .append('\t')
          .append(fp.length())
          .append('\t')
          .append(Integer.toHexString(fp.crc()))
          .append('\t')
          .append(s.path.getFileName().toString().replace('\t', ' ').replace('\n', ' '))
          .append('\n');
    }
    String text = body + "crc32c\t" + crc(body.toString()) + "\n";
    try {
      SegmentFiles.replaceAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw SegmentFiles.failure("writing", file, e);
    }
  }

  private static String crc(String body) {
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }
}
