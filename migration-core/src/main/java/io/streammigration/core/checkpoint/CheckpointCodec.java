package io.streammigration.core.checkpoint;

import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.PositionSerializer;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The binary checkpoint format. Every checkpoint store and transactional sink that persists a
 * checkpoint uses it, so one checksum guards them all.
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "SMCP" (0x534D4350)
 * 4       2     format version (2; version 1 is still read)
 * 6       4     body length N
 * 10      N     body
 * 10+N    4     CRC32C of bytes [0, 10+N)
 *
 * body (version 2), big-endian:
 *   id               8
 *   createdAt millis 8
 *   records          8
 *   bytes            8
 *   dead letters     8   (absent in version 1, read as 0)
 *   partition count  4
 *   per partition:   name length 2, name UTF-8, position (PositionSerializer, 17 bytes in v1)
 *   guard state      length 4, bytes
 * </pre>
 *
 * <p>Decoding checks, in order: minimum length, magic, version, declared length against actual
 * length (a torn write), the checksum, then the body's own structure. Any failure is a {@link
 * CheckpointCorruptionException} naming the location the caller passes in; a bad checkpoint is
 * never returned.
 */
public final class CheckpointCodec {

  /** "SMCP". */
  public static final int MAGIC = 0x534D4350;

  /** The format version this release writes. */
  public static final short FORMAT_VERSION = 2;

  /** The oldest format version this release still reads. */
  public static final short OLDEST_READABLE_VERSION = 1;

  private static final int HEADER_SIZE = 4 + 2 + 4;
  private static final int CRC_SIZE = 4;
  private static final int MAX_NAME_BYTES = 0xFFFF;

  private CheckpointCodec() {}

  /** Encodes {@code checkpoint} in the current format. */
  public static byte[] encode(Checkpoint checkpoint) {
    Map<PartitionId, Position> positions = checkpoint.positions();
    byte[][] names = new byte[positions.size()][];
    int bodySize = 8 * 5 + 4;
    int i = 0;
    for (PartitionId partition : positions.keySet()) {
      byte[] name = utf8(partition);
      if (name.length > MAX_NAME_BYTES) {
        throw new IllegalArgumentException(
            "partition name longer than " + MAX_NAME_BYTES + " bytes: " + partition);
      }
      names[i++] = name;
      bodySize += 2 + name.length + PositionSerializer.V1_SIZE;
    }
    byte[] guardState = checkpoint.guardState();
    bodySize += 4 + guardState.length;

    ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + bodySize + CRC_SIZE);
    out.putInt(MAGIC);
    out.putShort(FORMAT_VERSION);
    out.putInt(bodySize);
    out.putLong(checkpoint.id());
    out.putLong(checkpoint.createdAt().toEpochMilli());
    out.putLong(checkpoint.records());
    out.putLong(checkpoint.bytes());
    out.putLong(checkpoint.deadLetters());
    out.putInt(positions.size());
    i = 0;
    for (Position position : positions.values()) {
      out.putShort((short) names[i].length);
      out.put(names[i++]);
      PositionSerializer.write(position, out);
    }
    out.putInt(guardState.length);
    out.put(guardState);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /**
   * Decodes a checkpoint, verifying magic, version, length and checksum.
   *
   * @param bytes the stored bytes
   * @param location names the bytes' origin in any error (a file path, a topic-partition-offset)
   * @throws CheckpointCorruptionException if the bytes are not a whole, intact checkpoint
   */
  public static Checkpoint decode(byte[] bytes, String location) {
    if (bytes.length < HEADER_SIZE + CRC_SIZE) {
      throw new CheckpointCorruptionException(
          location, "truncated: " + bytes.length + " bytes, a checkpoint has at least 14");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int magic = in.getInt();
    if (magic != MAGIC) {
      throw new CheckpointCorruptionException(
          location, String.format("bad magic 0x%08X, expected 0x%08X", magic, MAGIC));
    }
    short version = in.getShort();
    // Checked before length and checksum, as documented above: a newer release may frame its
    // checkpoints differently, and an operator must read "unknown version", not "torn write".
    if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
      throw new CheckpointCorruptionException(
          location,
          "unknown format version "
              + version
              + " (this release reads versions "
              + OLDEST_READABLE_VERSION
              + " to "
              + FORMAT_VERSION
              + ")");
    }
    int bodySize = in.getInt();
    long expectedLength = (long) HEADER_SIZE + bodySize + CRC_SIZE;
    if (bodySize < 0 || expectedLength != bytes.length) {
      throw new CheckpointCorruptionException(
          location,
          "length mismatch: header declares "
              + expectedLength
              + " bytes, found "
              + bytes.length
              + " (torn or truncated write)");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, HEADER_SIZE + bodySize);
    int stored = ByteBuffer.wrap(bytes, HEADER_SIZE + bodySize, CRC_SIZE).getInt();
    if ((int) crc.getValue() != stored) {
      throw new CheckpointCorruptionException(
          location,
          String.format(
              "checksum mismatch: stored CRC32C 0x%08X, computed 0x%08X",
              stored, (int) crc.getValue()));
    }
    try {
      return decodeBody(in, HEADER_SIZE + bodySize, version);
    } catch (BufferUnderflowException
        | IndexOutOfBoundsException
        | IllegalArgumentException
        | CharacterCodingException e) {
      throw new CheckpointCorruptionException(location, "malformed body: " + e, e);
    }
  }

  /**
   * Strict UTF-8: {@code String.getBytes} would turn an unpaired surrogate into '?', so two
   * distinct partitions could decode under one name and one position would be silently lost.
   */
  private static byte[] utf8(PartitionId partition) {
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(partition.name()));
      byte[] name = new byte[encoded.remaining()];
      encoded.get(name);
      return name;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "partition name is not well-formed Unicode (unpaired surrogate): " + partition, e);
    }
  }

  private static Checkpoint decodeBody(ByteBuffer in, int bodyEnd, short version)
      throws CharacterCodingException {
    in.limit(bodyEnd);
    Checkpoint.Builder b = Checkpoint.builder(in.getLong());
    b.createdAt(Instant.ofEpochMilli(in.getLong()));
    b.records(in.getLong());
    b.bytes(in.getLong());
    if (version >= 2) {
      b.deadLetters(in.getLong());
    }
    int count = in.getInt();
    if (count < 0) {
      throw new IllegalArgumentException("negative partition count " + count);
    }
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int i = 0; i < count; i++) {
      int nameLength = Short.toUnsignedInt(in.getShort());
      ByteBuffer name = in.slice(in.position(), nameLength);
      in.position(in.position() + nameLength);
      b.position(new PartitionId(decoder.decode(name).toString()), PositionSerializer.read(in));
    }
    int guardLength = in.getInt();
    if (guardLength < 0 || guardLength != in.remaining()) {
      throw new IllegalArgumentException(
          "guard state length " + guardLength + " does not match the " + in.remaining() + " bytes left");
    }
    byte[] guardState = new byte[guardLength];
    in.get(guardState);
    return b.guardState(guardState).build();
  }
}
