package io.streammigration.bench.file;

import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.file.FramedFormat;
import io.streammigration.file.RecordFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Random;

/**
 * The input of the file benchmarks: records with 1 KiB values, written as a FileSource reads them
 * (framed, with the segment header; or one value per line). Values are printable ASCII, so the
 * same values are valid lines, and vary from record to record so no layer can get away with
 * recognising repeats.
 */
final class SourceFiles {

  /** Value bytes per record: "1 KB records". */
  static final int VALUE_SIZE = 1024;

  /**
   * The partition name written into framed source records, and the name the benchmarks give the
   * FileSource's partition: the sink then writes frames of exactly the source's size.
   */
  static final String PARTITION = "bench";

  /** Distinct values the writer cycles through. */
  private static final int DISTINCT_VALUES = 64;

  private static final int WRITE_BUFFER = 1 << 20;

  private SourceFiles() {}

  /** Bytes one record with a value of {@code valueSize} takes in {@code format}. */
  static int recordSize(RecordFormat format, int valueSize) {
    return format == RecordFormat.FRAMED
        ? FramedFormat.FRAME_OVERHEAD + FramedFormat.MIN_BODY + PARTITION.length() + valueSize
        : valueSize + 1;
  }

  /** Bytes before the first record: the framed segment header, or nothing. */
  static int headerSize(RecordFormat format) {
    return format == RecordFormat.FRAMED ? FramedFormat.SEGMENT_HEADER_SIZE : 0;
  }

  /** {@code count} distinct printable-ASCII values of {@link #VALUE_SIZE} bytes, from a seed. */
  static byte[][] values(int count, long seed) {
    Random random = new Random(seed);
    byte[][] values = new byte[count][VALUE_SIZE];
    for (byte[] value : values) {
      for (int i = 0; i < value.length; i++) {
        value[i] = (byte) ('!' + random.nextInt('~' - '!' + 1)); // no LF, never a trailing CR
      }
    }
    return values;
  }

  /**
   * Appends the record with {@code value}, the {@code index}-th of its file, to {@code out}, which
   * must have {@link #recordSize} bytes left. A framed record's origin is the partition and
   * position a FileSource reading this file (partition {@link #PARTITION}) gives it, so a FileSink
   * writes it back byte for byte.
   */
  static void put(RecordFormat format, byte[] value, long index, long timestampMillis, ByteBuffer out) {
    if (format == RecordFormat.FRAMED) {
      long end = headerSize(format) + (index + 1) * recordSize(format, value.length);
      Record record =
          new Record(
              null, value, Headers.EMPTY, timestampMillis, PartitionId.of(PARTITION),
              Position.of(0, end));
      FramedFormat.writeFrame(record, out);
    } else {
      out.put(value).put((byte) '\n');
    }
  }

  /** Writes {@code records} records to a new {@code file}; returns its size in bytes. */
  static long write(Path file, RecordFormat format, int records) {
    byte[][] values = values(DISTINCT_VALUES, 42);
    ByteBuffer buffer = ByteBuffer.allocate(WRITE_BUFFER);
    if (format == RecordFormat.FRAMED) {
      FramedFormat.writeSegmentHeader(buffer);
    }
    int size = recordSize(format, VALUE_SIZE);
    long now = System.currentTimeMillis();
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < records; i++) {
        if (buffer.remaining() < size) {
          writeFully(out, buffer.flip());
          buffer.clear();
        }
        put(format, values[i % DISTINCT_VALUES], i, now, buffer);
      }
      writeFully(out, buffer.flip());
      return out.size();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
  }

  /** Deletes {@code path} and everything under it; nothing if it does not exist. */
  static void deleteRecursively(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + path, e);
    }
  }
}
