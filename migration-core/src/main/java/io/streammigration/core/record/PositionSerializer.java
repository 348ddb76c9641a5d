package io.streammigration.core.record;

import java.nio.ByteBuffer;

/**
 * Versioned binary form of a {@link Position}: one version byte, then the fields of that version.
 *
 * <p>Version 1: segment (8 bytes, big-endian), offset (8 bytes, big-endian): 17 bytes in all. A
 * reader accepts every version it knows and rejects newer ones with a clear error rather than
 * guessing, so a checkpoint written by a newer release is never misread by an older one.
 */
public final class PositionSerializer {

  /** The version this release writes. */
  public static final byte CURRENT_VERSION = 1;

  /** Bytes taken by a version-1 position. */
  public static final int V1_SIZE = 1 + Long.BYTES + Long.BYTES;

  private PositionSerializer() {}

  /** Writes {@code position} at the buffer's position in the current version. */
  public static void write(Position position, ByteBuffer out) {
    out.put(CURRENT_VERSION);
    out.putLong(position.segment());
    out.putLong(position.offset());
  }

  /** Returns the bytes of {@code position} in the current version. */
  public static byte[] toBytes(Position position) {
    ByteBuffer out = ByteBuffer.allocate(V1_SIZE);
    write(position, out);
    return out.array();
  }

  /**
   * Reads a position written by {@link #write}.
   *
   * @throws IllegalArgumentException if the version is unknown or the values are out of range
   * @throws java.nio.BufferUnderflowException if the buffer ends early
   */
  public static Position read(ByteBuffer in) {
    byte version = in.get();
    if (version != 1) {
      throw new IllegalArgumentException(
          "unknown position format version " + version + " (this release reads version 1)");
    }
    long segment = in.getLong();
    long offset = in.getLong();
    return new Position(segment, offset);
  }

  /** Reads a position from bytes produced by {@link #toBytes}. */
  public static Position fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Position position = read(in);
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " trailing bytes after position");
    }
    return position;
  }
}
