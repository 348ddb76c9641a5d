package io.streammigration.file;

import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a segment's bytes into records through one reusable buffer: large positional reads (one
 * system call per buffer, never per record), records cut out of the buffer. The buffer grows only
 * to hold one record larger than it, and never beyond {@code maxRecordSize} plus framing, so a
 * runaway line cannot take the heap. Owned by the source's reader thread.
 */
final class SegmentReader {

  /** Why {@link #read} returned. */
  enum Status {
    /** {@code max} records were delivered; there may be more. */
    FULL,
    /** No bytes are left after the last complete record (for now). */
    END,
    /** Bytes of an incomplete record are left after the last complete one. */
    TORN
  }

  private final RecordScanner scanner;
  private final int maxRecordSize;
  private final int maxBuffer;
  private final boolean skipBad;
  private final Consumer<SkippedBytes> onSkip;
  private ByteBuffer buffer;

  /** File offset of {@code buffer[0]}. */
  private long bufferStart;

  private Segment bound;

  SegmentReader(FileSourceConfig config, Consumer<SkippedBytes> onSkip) {
    this.scanner = RecordScanner.of(config.format());
    this.maxRecordSize = config.maxRecordSize();
    // A frame's body plus its length and CRC, or a line plus CRLF, must fit once.
    this.maxBuffer = (int) Math.min(Integer.MAX_VALUE - 16, (long) config.maxRecordSize() + 16);
    this.buffer = ByteBuffer.allocate(Math.min(config.readBufferSize(), maxBuffer)).limit(0);
    this.skipBad = config.corruption() == CorruptionPolicy.SKIP;
    this.onSkip = onSkip;
  }

  /**
   * Bytes buffered but not yet turned into records: a torn tail's length at {@link Status#TORN}.
   */
  int pending() {
    return bound == null ? 0 : buffer.remaining();
  }

  /** Forgets buffered bytes, e.g. after the file was truncated under them. */
  void reset() {
    bound = null;
  }

  /**
   * Appends to {@code out} the records of {@code s} after {@code s.nextOffset}, until {@code max}
   * are in {@code out} or no complete record is left.
   */
  Status read(Segment s, List<Record> out, int max) {
    bind(s);
    try {
      while (out.size() < max) {
        if (s.nextOffset == 0 && scanner.segmentHeaderSize() > 0) {
          if (buffer.remaining() < scanner.segmentHeaderSize()) {
            if (!fill(s)) {
              return buffer.hasRemaining() ? Status.TORN : Status.END;
            }
            continue;
          }
          String bad = scanner.checkSegmentHeader(buffer.slice());
          if (bad != null) {
            throw new SourceCorruptionException(
                s.path.toString(), s.partition, position(s, 0), bad);
          }
          advance(s, scanner.segmentHeaderSize());
          continue;
        }
        if (s.discardingLine) {
          if (!discardLine(s)) {
            return Status.END;
          }
          continue;
        }
        int size;
        try {
          size = scanner.scan(buffer, maxRecordSize);
        } catch (RecordScanner.BadRecord e) {
          if (!skipBad && !out.isEmpty()) {
            return Status.FULL; // deliver the good records first; the next read throws
          }
          onBadRecord(s, e);
          continue;
        }
        if (size == RecordScanner.NEED_MORE) {
          if (!fill(s)) {
            if (s.skipFrom >= 0 && buffer.hasRemaining()) {
              // Resynchronising: a garbage length may point past the end; try the next byte.
              advance(s, 1);
              continue;
            }
            endSkip(s);
            return buffer.hasRemaining() ? Status.TORN : Status.END;
          }
          continue;
        }
        Record record;
        try {
          record = scanner.decode(buffer, size, s.partition, position(s, s.nextOffset + size));
        } catch (RecordScanner.BadRecord e) {
          onBadRecord(s, e);
          continue;
        }
        endSkip(s);
        advance(s, size);
        out.add(record);
      }
      return Status.FULL;
    } catch (IOException e) {
      throw SegmentFiles.failure("reading", s.path, e);
    }
  }

  private void onBadRecord(Segment s, RecordScanner.BadRecord e) {
    if (!skipBad) {
      Position at = position(s, s.nextOffset);
      String file = s.path.toString();
      String problem = e.getMessage() + " at byte offset " + s.nextOffset;
      throw e.tooLarge
          ? new RecordTooLargeException(file, s.partition, at, problem)
          : new SourceCorruptionException(file, s.partition, at, problem);
    }
    if (s.skipFrom < 0) {
      s.skipFrom = s.nextOffset;
      s.skipReason = e.getMessage();
    }
    if (e.tooLarge && scanner instanceof RecordScanner.Lines) {
      s.discardingLine = true;
    } else {
      advance(s, 1); // resynchronise on the next byte where a valid frame starts
    }
  }

  /** Discards bytes through the next LF; false if the visible bytes ran out first. */
  private boolean discardLine(Segment s) throws IOException {
    while (true) {
      int lf = -1;
      for (int i = buffer.position(); i < buffer.limit(); i++) {
        if (buffer.get(i) == '\n') {
          lf = i;
          break;
        }
      }
      if (lf >= 0) {
        advance(s, lf - buffer.position() + 1);
        s.discardingLine = false;
        endSkip(s);
        return true;
      }
      advance(s, buffer.remaining());
      if (!fill(s)) {
        return false;
      }
    }
  }

  private void endSkip(Segment s) {
    if (s.skipFrom >= 0 && !s.discardingLine) {
      onSkip.accept(new SkippedBytes(s.path, s.skipFrom, s.nextOffset - s.skipFrom, s.skipReason));
      s.skipFrom = -1;
      s.skipReason = null;
    }
  }

  private void advance(Segment s, int bytes) {
    buffer.position(buffer.position() + bytes);
    s.nextOffset += bytes;
  }

  private static Position position(Segment s, long offset) {
    return Position.of(s.positionSegment, offset);
  }

  private void bind(Segment s) {
    if (bound != s || bufferStart + buffer.position() != s.nextOffset) {
      bound = s;
      bufferStart = s.nextOffset;
      buffer.clear().limit(0);
    }
  }

  /** Reads more of {@code s} after the buffered bytes; false if there is nothing more now. */
  private boolean fill(Segment s) throws IOException {
    int kept = buffer.remaining();
    if (buffer.position() > 0) {
      bufferStart += buffer.position();
      buffer.compact();
    } else {
      buffer.position(buffer.limit()).limit(buffer.capacity());
    }
    if (!buffer.hasRemaining()) {
      grow();
    }
    long readAt = bufferStart + buffer.position();
    long allowed = s.limit - readAt;
    int n = 0;
    if (allowed > 0) {
      if (allowed < buffer.remaining()) {
        buffer.limit(buffer.position() + (int) allowed);
      }
      n = Math.max(0, s.channel().read(buffer, readAt));
    }
    buffer.limit(kept + n).position(0);
    return n > 0;
  }

  private void grow() {
    if (buffer.capacity() >= maxBuffer) {
      // Unreachable: the scanner rejects records longer than maxRecordSize before this.
      throw new IllegalStateException("record larger than the read buffer's bound " + maxBuffer);
    }
    ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(maxBuffer, 2L * buffer.capacity()));
    buffer.flip();
    bigger.put(buffer);
    buffer = bigger;
  }
}
