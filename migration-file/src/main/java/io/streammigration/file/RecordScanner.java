package io.streammigration.file;

import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.nio.ByteBuffer;

/**
 * Finds record boundaries in a window of a segment's bytes, one format each. Stateless between
 * calls, so a buffer refill or a seek never leaves it confused; not thread-safe only because the
 * frame scanner keeps the last frame's length.
 */
abstract class RecordScanner {

  /** {@link #scan} found no complete record: more bytes are needed. */
  static final int NEED_MORE = 0;

  static RecordScanner of(RecordFormat format) {
    return format == RecordFormat.FRAMED ? new Frames() : new Lines();
  }

  /** Bytes at the start of every segment (a header), or 0. */
  abstract int segmentHeaderSize();

  /** Checks the segment header at the buffer's position; null if valid, else the problem. */
  abstract String checkSegmentHeader(ByteBuffer in);

  /**
   * Looks for one whole record starting at {@code in.position()} within the buffer's limit. Leaves
   * the buffer's position unchanged.
   *
   * @return the bytes the record takes, terminator or framing included, or {@link #NEED_MORE}
   * @throws BadRecord if the bytes at the position cannot be a record
   */
  abstract int scan(ByteBuffer in, int maxRecordSize) throws BadRecord;

  /** Decodes the record {@link #scan} just found at the buffer's position, {@code size} bytes. */
  abstract Record decode(ByteBuffer in, int size, PartitionId partition, Position position)
      throws BadRecord;

  /** Bytes that cannot be a record, as the scanner sees them; the caller adds file and offset. */
  static final class BadRecord extends Exception {
    final boolean tooLarge;

    BadRecord(String problem, boolean tooLarge) {
      super(problem, null, false, false);
      this.tooLarge = tooLarge;
    }
  }

  /** LF-terminated lines; a CR right before the LF is part of the terminator. */
  static final class Lines extends RecordScanner {
    @Override
    int segmentHeaderSize() {
      return 0;
    }

    @Override
    String checkSegmentHeader(ByteBuffer in) {
      return null;
    }

    @Override
    int scan(ByteBuffer in, int maxRecordSize) throws BadRecord {
      int start = in.position();
      int limit = in.limit();
      // The CR of a CRLF may be the last byte in the window: looking only for the LF, and then at
      // the byte before it, means a split CRLF is simply a line not yet complete.
      int searchEnd = Math.min(limit, start + maxRecordSize + 2);
      for (int i = start; i < searchEnd; i++) {
        if (in.get(i) == '\n') {
          int valueLength = i - start - (i > start && in.get(i - 1) == '\r' ? 1 : 0);
          if (valueLength > maxRecordSize) {
            throw tooLong(maxRecordSize);
          }
          return i - start + 1;
        }
      }
      if (limit - start > maxRecordSize + 1) {
        throw tooLong(maxRecordSize);
      }
      return NEED_MORE;
    }

    private static BadRecord tooLong(int maxRecordSize) {
      return new BadRecord("line longer than maxRecordSize " + maxRecordSize + " bytes", true);
    }

    @Override
    Record decode(ByteBuffer in, int size, PartitionId partition, Position position) {
      int start = in.position();
      int valueLength = size - 1;
      if (valueLength > 0 && in.get(start + valueLength - 1) == '\r') {
        valueLength--;
      }
      byte[] value = new byte[valueLength];
      in.get(start, value);
      return new Record(null, value, Headers.EMPTY, 0L, partition, position);
    }
  }

  /** {@link FramedFormat} frames. */
  static final class Frames extends RecordScanner {
    @Override
    int segmentHeaderSize() {
      return FramedFormat.SEGMENT_HEADER_SIZE;
    }

    @Override
    String checkSegmentHeader(ByteBuffer in) {
      return FramedFormat.checkSegmentHeader(in);
    }

    @Override
    int scan(ByteBuffer in, int maxRecordSize) throws BadRecord {
      int start = in.position();
      if (in.limit() - start < FramedFormat.FRAME_OVERHEAD) {
        return NEED_MORE;
      }
      long bodyLength = Integer.toUnsignedLong(in.getInt(start));
      if (bodyLength < FramedFormat.MIN_BODY) {
        throw new BadRecord("impossible frame length " + bodyLength, false);
      }
      if (bodyLength > maxRecordSize) {
        throw new BadRecord(
            "frame length " + bodyLength + " exceeds maxRecordSize " + maxRecordSize, true);
      }
      int size = FramedFormat.FRAME_OVERHEAD + (int) bodyLength;
      if (in.limit() - start < size) {
        return NEED_MORE;
      }
      int stored = in.getInt(start + 4);
      int computed = FramedFormat.crc(in, start + FramedFormat.FRAME_OVERHEAD, (int) bodyLength);
      if (stored != computed) {
        throw new BadRecord(
            String.format("CRC32C mismatch: stored 0x%08X, computed 0x%08X", stored, computed),
            false);
      }
      return size;
    }

    @Override
    Record decode(ByteBuffer in, int size, PartitionId partition, Position position)
        throws BadRecord {
      int start = in.position();
      ByteBuffer body =
          in.slice(start + FramedFormat.FRAME_OVERHEAD, size - FramedFormat.FRAME_OVERHEAD);
      try {
        return FramedFormat.decodeBody(body, partition, position);
      } catch (RuntimeException e) {
        // The checksum matched, so the writer produced this: a bug or a foreign format.
        throw new BadRecord("malformed frame body: " + e.getMessage(), false);
      }
    }
  }
}
