package io.streammigration.file;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The framed record format, version 1. All integers big-endian.
 *
 * <pre>
 * segment header (8 bytes, once at offset 0 of every segment file)
 *   0  4  magic "SMFR" (0x534D4652)
 *   4  2  format version (1)
 *   6  2  reserved, 0
 *
 * record frame
 *   0  4  body length N (1 .. maxRecordSize), unsigned
 *   4  4  CRC32C of the N body bytes
 *   8  N  body:
 *         timestamp          8   epoch millis
 *         origin partition   2 + n   length, UTF-8 name (length 0: none)
 *         origin position    8 + 8   segment, offset (as the source reported them)
 *         key                4 + k   length (-1: null), bytes
 *         value              4 + v   length (-1: null, a tombstone), bytes
 *         header count       4
 *         per header         2 + h   name length, UTF-8 name
 *                            4 + w   value length (-1: null), bytes
 * </pre>
 *
 * <p>The checksum covers the body only; a length that is out of range or a body whose checksum does
 * not match is corruption. A frame cut short by the end of the file is a torn record, not
 * corruption: the writer may still be appending it. Stateless and thread-safe.
 */
public final class FramedFormat {

  /** "SMFR". */
  public static final int MAGIC = 0x534D4652;

  /** The version this release writes and reads. */
  public static final short VERSION = 1;

  /** Bytes of the segment header. */
  public static final int SEGMENT_HEADER_SIZE = 8;

  /** Bytes of a frame before its body: length and CRC32C. */
  public static final int FRAME_OVERHEAD = 8;

  /** The smallest body a frame can have: every fixed-size field, no names or bytes. */
  public static final int MIN_BODY = 8 + 2 + 16 + 4 + 4 + 4;

  private FramedFormat() {}

  /** Writes the segment header at the buffer's position. */
  public static void writeSegmentHeader(ByteBuffer out) {
    out.putInt(MAGIC).putShort(VERSION).putShort((short) 0);
  }

  /** The segment header's bytes. */
  public static byte[] segmentHeader() {
    ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_SIZE);
    writeSegmentHeader(b);
    return b.array();
  }

  /**
   * Checks a segment header at {@code in}'s position and consumes it.
   *
   * @return null if valid, else what is wrong
   */
  static String checkSegmentHeader(ByteBuffer in) {
    int magic = in.getInt();
    short version = in.getShort();
    in.getShort();
    if (magic != MAGIC) {
      return String.format("not a framed segment: magic 0x%08X, expected 0x%08X", magic, MAGIC);
    }
    if (version != VERSION) {
      return "unknown framed format version " + version + " (this release reads " + VERSION + ")";
    }
    return null;
  }

  /** Bytes {@code record} takes as a frame, overhead included. */
  public static int frameSize(Record record) {
    return frameSize(record, nameBytes(record.partition().name()));
  }

  /** {@link #frameSize(Record)}, with the partition's name already encoded by {@link #nameBytes}. */
  static int frameSize(Record record, byte[] partitionName) {
    int size = FRAME_OVERHEAD + MIN_BODY + partitionName.length;
    size += length(record.key()) + length(record.value());
    // By index: Headers' iterator allocates (a list view and an iterator) on every call, twice a
    // record on the sink's hot path.
    Headers headers = record.headers();
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      size += 2 + utf8Length(h.name()) + 4 + length(h.value());
    }
    return size;
  }

  /**
   * Writes {@code record} as one frame at the buffer's position, which must have {@link #frameSize}
   * bytes remaining.
   */
  public static void writeFrame(Record record, ByteBuffer out) {
    writeFrame(record, record.partition().name().getBytes(StandardCharsets.UTF_8), out);
  }

  /**
   * {@link #writeFrame(Record, ByteBuffer)}, with the partition's name already encoded: a sink
   * encodes it once for a run of records of one partition rather than twice per record.
   */
  static void writeFrame(Record record, byte[] partitionName, ByteBuffer out) {
    int start = out.position();
    out.position(start + FRAME_OVERHEAD);
    out.putLong(record.timestamp());
    out.putShort((short) partitionName.length).put(partitionName);
    out.putLong(record.position().segment()).putLong(record.position().offset());
    putBytes(record.key(), out);
    putBytes(record.value(), out);
    Headers headers = record.headers();
    out.putInt(headers.size());
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      putName(h.name(), out);
      putBytes(h.value(), out);
    }
    int bodyLength = out.position() - start - FRAME_OVERHEAD;
    CRC32C crc = new CRC32C();
    crc.update(out.slice(start + FRAME_OVERHEAD, bodyLength));
    out.putInt(start, bodyLength);
    out.putInt(start + 4, (int) crc.getValue());
  }

  /** One frame's bytes. */
  public static byte[] frame(Record record) {
    ByteBuffer b = ByteBuffer.allocate(frameSize(record));
    writeFrame(record, b);
    return b.array();
  }

  /**
   * Decodes a checked frame body occupying {@code in}'s position to limit.
   *
   * @param partition the partition the record is given; null keeps the stored origin partition
   * @param position the position the record is given; null keeps the stored origin position
   * @throws IllegalArgumentException (or a buffer exception) if the body is malformed
   */
  static Record decodeBody(ByteBuffer in, PartitionId partition, Position position) {
    long timestamp = in.getLong();
    // A source that names the partition itself (every FileSource) never looks at the origin's
    // name: skipping it saves decoding a String per record on the read path.
    String origin = partition == null ? getName(in) : skipName(in);
    long segment = in.getLong();
    long offset = in.getLong();
    byte[] key = getBytes(in);
    byte[] value = getBytes(in);
    int count = in.getInt();
    if (count < 0 || count > in.remaining() / 6) {
      throw new IllegalArgumentException("impossible header count " + count);
    }
    Headers headers = Headers.EMPTY;
    if (count > 0) {
      Header[] all = new Header[count];
      for (int i = 0; i < count; i++) {
        all[i] = Header.of(getName(in), getBytes(in));
      }
      headers = Headers.of(all);
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " trailing bytes in frame body");
    }
    PartitionId p = partition != null ? partition : PartitionId.of(origin.isEmpty() ? "-" : origin);
    Position pos = position != null ? position : Position.of(segment, offset);
    return new Record(key, value, headers, timestamp, p, pos);
  }

  /** CRC32C of {@code length} bytes at {@code from}, leaving the buffer's position alone. */
  static int crc(ByteBuffer buffer, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.slice(from, length));
    return (int) crc.getValue();
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static int utf8Length(String s) {
    return nameBytes(s).length;
  }

  /**
   * A name's UTF-8 bytes, checked as {@link #frameSize} checks every name: at most 65535 bytes, no
   * unpaired surrogate.
   *
   * @throws IllegalArgumentException if the name cannot be framed
   */
  static byte[] nameBytes(String s) {
    // Names are short; encoding twice (size, then write) is cheaper than a growable buffer.
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("name longer than 65535 UTF-8 bytes");
    }
    for (byte b : bytes) {
      // getBytes turns an unpaired surrogate into '?', so two names could decode as one; only a
      // name holding '?' can be affected, so only those pay for the strict check.
      if (b == '?') {
        requireWellFormed(s);
        break;
      }
    }
    return bytes;
  }

  private static void requireWellFormed(String s) {
    try {
      StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "name is not well-formed Unicode (unpaired surrogate): " + s, e);
    }
  }

  private static void putName(String name, ByteBuffer out) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    out.putShort((short) bytes.length).put(bytes);
  }

  private static String getName(ByteBuffer in) {
    int n = Short.toUnsignedInt(in.getShort());
    if (n > in.remaining()) {
      throw new IllegalArgumentException("name length " + n + " past the end of the body");
    }
    byte[] bytes = new byte[n];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Skips a name as {@link #getName} would read it; returns null. */
  private static String skipName(ByteBuffer in) {
    int n = Short.toUnsignedInt(in.getShort());
    if (n > in.remaining()) {
      throw new IllegalArgumentException("name length " + n + " past the end of the body");
    }
    in.position(in.position() + n);
    return null;
  }

  private static void putBytes(byte[] bytes, ByteBuffer out) {
    if (bytes == null) {
      out.putInt(-1);
    } else {
      out.putInt(bytes.length).put(bytes);
    }
  }

  private static byte[] getBytes(ByteBuffer in) {
    int n = in.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("byte length " + n + " past the end of the body");
    }
    byte[] bytes = new byte[n];
    in.get(bytes);
    return bytes;
  }
}
