package io.streammigration.file;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.CheckpointCodec;
import io.streammigration.core.error.CheckpointCorruptionException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What a transactional {@link FileSink} has committed: each segment's committed length and the
 * checkpoint committed with them. A reader of a FileSink directory trusts exactly these bytes.
 *
 * <pre>
 * offset  size  field (big-endian)
 * 0       4     magic "SMCM" (0x534D434D)
 * 4       2     version (1)
 * 6       4     body length N
 * 10      N     body: segment count 4;
 *                     per segment: name length 2, name UTF-8, committed length 8;
 *                     checkpoint length 4 (0: none yet), checkpoint (CheckpointCodec, with its
 *                     own CRC32C)
 * 10+N    4     CRC32C of bytes [0, 10+N)
 * </pre>
 *
 * <p>Immutable. Replaced atomically on disk (temporary file, fsync, rename, fsync directory). A
 * transactional sink's first {@code recover()} writes an empty manifest (no segments, no
 * checkpoint), so that readers treat the directory as transactional from the start and never see
 * uncommitted bytes.
 *
 * @param segments committed length of every segment, in segment order
 * @param checkpoint the checkpoint committed with them; empty before the first commit
 */
public record CommitManifest(Map<String, Long> segments, Optional<Checkpoint> checkpoint) {

  /** The manifest's file name in a FileSink directory. */
  public static final String FILE_NAME = "commit.manifest";

  static final int MAGIC = 0x534D434D;
  static final short VERSION = 1;
  private static final int HEADER = 4 + 2 + 4;

  public CommitManifest {
    segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    Objects.requireNonNull(checkpoint, "checkpoint");
  }

  byte[] encode() {
    byte[] cp = checkpoint.map(CheckpointCodec::encode).orElse(new byte[0]);
    int body = 4 + 4 + cp.length;
    for (String name : segments.keySet()) {
      body += 2 + name.getBytes(StandardCharsets.UTF_8).length + 8;
    }
    ByteBuffer out = ByteBuffer.allocate(HEADER + body + 4);
    out.putInt(MAGIC).putShort(VERSION).putInt(body).putInt(segments.size());
    segments.forEach(
        (name, length) -> {
          byte[] n = name.getBytes(StandardCharsets.UTF_8);
          out.putShort((short) n.length).put(n).putLong(length);
        });
    out.putInt(cp.length).put(cp);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /**
   * Decodes a manifest, checking magic, version, length and checksum.
   *
   * @param location the file, named in any error
   * @throws CheckpointCorruptionException if the bytes are not a whole, intact manifest
   */
  static CommitManifest decode(byte[] bytes, String location) {
    if (bytes.length < HEADER + 4) {
      throw new CheckpointCorruptionException(
          location, "manifest truncated: " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int magic = in.getInt();
    short version = in.getShort();
    int body = in.getInt();
    if (magic != MAGIC) {
      throw new CheckpointCorruptionException(
          location, String.format("bad manifest magic 0x%08X", magic));
    }
    if (version != VERSION) {
      throw new CheckpointCorruptionException(location, "unknown manifest version " + version);
    }
    if (body < 0 || (long) HEADER + body + 4 != bytes.length) {
      throw new CheckpointCorruptionException(
          location,
          "manifest length mismatch: declares "
              + body
              + " body bytes in a file of "
              + bytes.length);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, HEADER + body);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, HEADER + body, 4).getInt()) {
      throw new CheckpointCorruptionException(location, "manifest CRC32C mismatch");
    }
    try {
      in.limit(HEADER + body);
      int count = in.getInt();
      if (count < 0) {
        throw new IllegalArgumentException("negative segment count");
      }
      Map<String, Long> segments = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(name);
        segments.put(new String(name, StandardCharsets.UTF_8), in.getLong());
      }
      byte[] cp = new byte[in.getInt()];
      in.get(cp);
      return new CommitManifest(
          segments,
          cp.length == 0 ? Optional.empty() : Optional.of(CheckpointCodec.decode(cp, location)));
    } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw new CheckpointCorruptionException(location, "malformed manifest body: " + e, e);
    }
  }
}
