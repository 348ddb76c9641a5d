package io.streammigration.bench.file;

import io.streammigration.file.FramedFormat;
import io.streammigration.file.RecordFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The live end of the latency run: appends 1 KiB records to a file on a fixed schedule, as a
 * logger would (no fsync), on a thread of its own. Record {@code i} is due at {@code start + i /
 * rate}; its value begins with that moment ({@link System#nanoTime()}, 16 hex digits), so whoever
 * sees the record later knows how long it has been on its way. The schedule, not the moment the
 * appender got round to it, is what is stamped: if the appender or the machine stalls, the records
 * due meanwhile carry their due times and the stall shows in the latency (no coordinated omission).
 */
final class PacedAppender implements Runnable {

  /** Hex digits of the stamp at the start of every value. */
  static final int STAMP_DIGITS = 16;

  private final Path file;
  private final RecordFormat format;
  private final long records;
  private final double nanosPerRecord;
  private final byte[][] templates = SourceFiles.values(64, 7);
  private volatile long start;
  private volatile long appended;
  private volatile Throwable failure;
  private volatile boolean stopped;

  PacedAppender(Path file, RecordFormat format, long records, double recordsPerSecond) {
    this.file = file;
    this.format = format;
    this.records = records;
    this.nanosPerRecord = 1e9 / recordsPerSecond;
  }

  /** Creates the file (with the framed segment header), so a source can open it before {@link #run}. */
  void create() {
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      if (format == RecordFormat.FRAMED) {
        SourceFiles.writeFully(out, ByteBuffer.wrap(FramedFormat.segmentHeader()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("creating " + file, e);
    }
  }

  /** When record {@code index} was due; valid once {@link #run} started. */
  long due(long index) {
    return start + (long) (index * nanosPerRecord);
  }

  long appended() {
    return appended;
  }

  /** Makes {@link #run} return after its current write, whatever is still due. */
  void stop() {
    stopped = true;
  }

  /** What stopped the appender, or null. */
  Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    int size = SourceFiles.recordSize(format, SourceFiles.VALUE_SIZE);
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    byte[] value = new byte[SourceFiles.VALUE_SIZE];
    long epochOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.APPEND)) {
      start = System.nanoTime();
      long next = 0;
      while (next < records && !stopped) {
        long now = System.nanoTime();
        buffer.clear();
        // Everything due by now, in one write: at most a buffer's worth, the rest next round.
        while (next < records && due(next) - now <= 0 && buffer.remaining() >= size) {
          long due = due(next);
          System.arraycopy(templates[(int) (next % templates.length)], 0, value, 0, value.length);
          stamp(value, due);
          SourceFiles.put(format, value, next, epochOffsetMillis + due / 1_000_000, buffer);
          next++;
        }
        if (buffer.position() > 0) {
          SourceFiles.writeFully(out, buffer.flip());
          appended = next;
        }
        long wait = next < records ? due(next) - System.nanoTime() : 0;
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static void stamp(byte[] value, long nanos) {
    for (int i = STAMP_DIGITS - 1; i >= 0; i--, nanos >>>= 4) {
      value[i] = HEX[(int) (nanos & 0xF)];
    }
  }

  /** The due time stamped into {@code value} by {@link #run}. */
  static long stampOf(byte[] value) {
    long nanos = 0;
    for (int i = 0; i < STAMP_DIGITS; i++) {
      nanos = nanos << 4 | Character.digit(value[i], 16);
    }
    return nanos;
  }
}
