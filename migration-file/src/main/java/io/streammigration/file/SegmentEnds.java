package io.streammigration.file;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds, exactly and cheaply, the offset just past the last complete record of a segment: what
 * {@link FileSource#endPositions()} reports. Owned by the source's reader thread.
 *
 * <ul>
 *   <li>Committed output ({@code committedOnly}): the manifest's length, which always ends on a
 *       record boundary. No file is read.
 *   <li>Lines: the last LF, found by reading backwards from the end of the file, never further
 *       back than the last record already delivered (whose end is known). A tail without an LF is
 *       a line still being written and does not count.
 *   <li>Frames: a frame can only be found from the one before it, so the finder hops forward over
 *       frame lengths from where the reader or the previous look stopped, at most {@link
 *       #FRAME_WALK_BUDGET} bytes per look. Until a walk reaches the end of the file the end is not
 *       known, and reported as unknown: a backlog of frames gets a lag once the walk, which covers
 *       only bytes the reader has not reached, catches up.
 * </ul>
 *
 * A record the source would skip (an overlong line or a bad frame under {@link
 * CorruptionPolicy#SKIP}) at the end makes the end unknown, never a position no record will reach:
 * a drain waits for that position.
 */
final class SegmentEnds {

  /** {@link #lastRecordEnd}: the segment holds no complete record (yet). */
  static final long NONE = -1;

  /** {@link #lastRecordEnd}: the segment's end cannot be known exactly right now. */
  static final long UNKNOWN = -2;

  /** Bytes read per backward or forward step. */
  static final int CHUNK = 64 * 1024;

  /** Most bytes of frames one look walks over before giving up for now. */
  static final long FRAME_WALK_BUDGET = 16L * 1024 * 1024;

  private final FileSourceConfig config;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);

  SegmentEnds(FileSourceConfig config) {
    this.config = config;
  }

  /**
   * The offset just past the last complete record of {@code s} right now, {@link #NONE} if it has
   * none, or {@link #UNKNOWN}.
   */
  long lastRecordEnd(Segment s) throws IOException {
    long size = Math.min(s.channel().size(), s.limit);
    if (size < s.nextOffset) {
      return UNKNOWN; // truncated under the reader: the reader will say so
    }
    if (s.cachedEndForSize == size && s.cachedEndForOffset <= s.nextOffset) {
      // Unchanged bytes, and the reader has not moved back: the same answer.
      return s.cachedEnd;
    }
    long end;
    if (config.committedOnly() && s.limit != Long.MAX_VALUE) {
      end = size > config.format().segmentHeaderSize() ? size : NONE;
    } else if (config.format() == RecordFormat.FRAMED) {
      end = walkFrames(s, size);
    } else {
      end = lastLineEnd(s, size);
    }
    if (end != UNKNOWN) {
      // Not an unknown: a frame walk cut short by its budget goes on at the next look.
      s.cachedEndForSize = size;
      s.cachedEndForOffset = s.nextOffset;
      s.cachedEnd = end;
    }
    return end;
  }

  /** The end of the last LF-terminated line after the reader's offset, or the reader's offset. */
  private long lastLineEnd(Segment s, long size) throws IOException {
    long floor = s.nextOffset;
    long lf = findLastLf(s, floor, size);
    if (lf < 0) {
      return floor > 0 ? floor : NONE;
    }
    if (config.corruption() == CorruptionPolicy.SKIP && lastLineTooLong(s, floor, lf)) {
      return UNKNOWN; // SKIP drops it, so no record would ever reach its end
    }
    return lf + 1;
  }

  /** The offset of the last LF in {@code [from, to)}, or -1. */
  private long findLastLf(Segment s, long from, long to) throws IOException {
    long high = to;
    while (high > from) {
      long low = Math.max(from, high - CHUNK);
      int n = readFully(s, low, (int) (high - low));
      for (int i = n - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return low + i;
        }
      }
      high = low;
    }
    return -1;
  }

  /**
   * True if the line ending at {@code lf} exceeds {@code maxRecordSize}, so that SKIP drops it.
   * Looks back at most that far.
   */
  private boolean lastLineTooLong(Segment s, long floor, long lf) throws IOException {
    long max = config.maxRecordSize();
    long lookFrom = Math.max(floor, lf - max - 2);
    long previousLf = findLastLf(s, lookFrom, lf);
    long start = previousLf >= 0 ? previousLf + 1 : lookFrom;
    if (previousLf < 0 && start > floor) {
      return true; // no line start within reach: longer than the maximum
    }
    long length = lf - start;
    if (length > 0 && readFully(s, lf - 1, 1) == 1 && chunk.get(0) == '\r') {
      length--;
    }
    return length > max;
  }

  /**
   * Hops over frame lengths from where the last walk (or the reader) stopped. {@link #UNKNOWN}
   * while the walk has not reached the last complete frame, or if a length is impossible (the
   * reader will find and report the bad frame).
   */
  private long walkFrames(Segment s, long size) throws IOException {
    long at;
    long lastStart;
    if (s.framesWalkedTo > s.nextOffset) {
      at = s.framesWalkedTo; // every walk stops on a frame's end
      lastStart = s.framesLastStart;
    } else {
      at = Math.max(s.nextOffset, FramedFormat.SEGMENT_HEADER_SIZE);
      lastStart = -1; // the frame before was delivered: intact
    }
    long budgetEnd = at + FRAME_WALK_BUDGET;
    long chunkStart = -1;
    int chunkLength = 0;
    boolean complete = true;
    while (at + FramedFormat.FRAME_OVERHEAD <= size) {
      if (at >= budgetEnd) {
        complete = false;
        break;
      }
      if (at < chunkStart || at + 4 > chunkStart + chunkLength) {
        chunkStart = at;
        chunkLength = readFully(s, at, (int) Math.min(CHUNK, size - at));
        if (chunkLength < 4) {
          break;
        }
      }
      long body = Integer.toUnsignedLong(chunk.getInt((int) (at - chunkStart)));
      if (body < FramedFormat.MIN_BODY || body > config.maxRecordSize()) {
        complete = false; // the reader fails or skips here; never promise a position past it
        break;
      }
      long next = at + FramedFormat.FRAME_OVERHEAD + body;
      if (next > size) {
        break; // a frame still being written
      }
      lastStart = at;
      at = next;
    }
    s.framesWalkedTo = at;
    s.framesLastStart = lastStart;
    if (!complete) {
      return UNKNOWN;
    }
    if (lastStart < 0) {
      return s.nextOffset > FramedFormat.SEGMENT_HEADER_SIZE ? s.nextOffset : NONE;
    }
    if (config.corruption() == CorruptionPolicy.SKIP && !frameIsIntact(s, lastStart, at)) {
      return UNKNOWN; // SKIP drops it, so no record would ever reach its end
    }
    return at;
  }

  /** True if the frame in {@code [start, end)} has a matching checksum. */
  private boolean frameIsIntact(Segment s, long start, long end) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate((int) (end - start));
    while (frame.hasRemaining()) {
      if (s.channel().read(frame, start + frame.position()) < 0) {
        return false;
      }
    }
    int body = frame.capacity() - FramedFormat.FRAME_OVERHEAD;
    return frame.getInt(4) == FramedFormat.crc(frame, FramedFormat.FRAME_OVERHEAD, body);
  }

  /** Reads {@code length} bytes at {@code offset} into the start of the chunk; fewer at EOF. */
  private int readFully(Segment s, long offset, int length) throws IOException {
    chunk.clear().limit(length);
    while (chunk.hasRemaining()) {
      int n = s.channel().read(chunk, offset + chunk.position());
      if (n < 0) {
        break;
      }
    }
    int read = chunk.position();
    chunk.clear();
    return read;
  }
}
