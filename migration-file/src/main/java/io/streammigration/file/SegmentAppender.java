package io.streammigration.file;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Appends records to one segment file through a reusable buffer: one write system call per buffer,
 * not per record. Not thread-safe; the sink's writer thread owns it.
 */
final class SegmentAppender implements AutoCloseable {

  final Path file;
  final long ordinal;
  final long openedAtMillis;
  private final FileChannel channel;
  private final RecordFormat format;
  private final ByteBuffer buffer;

  /** Bytes in the file plus bytes buffered: where the next record will start. */
  private long size;

  /** The partition of the last framed record, and its name's UTF-8 bytes: records come in runs. */
  private PartitionId namedPartition;

  private byte[] partitionName;

  SegmentAppender(
      Path file,
      long ordinal,
      FileChannel channel,
      long size,
      RecordFormat format,
      ByteBuffer buffer) {
    this.file = file;
    this.ordinal = ordinal;
    this.channel = channel;
    this.size = size;
    this.format = format;
    this.buffer = buffer.clear();
    this.openedAtMillis = System.currentTimeMillis();
  }

  long size() {
    return size;
  }

  /** Bytes {@code record} will take in this segment's format. */
  int sizeOf(Record record) {
    if (format == RecordFormat.FRAMED) {
      try {
        return FramedFormat.frameSize(record, partitionName(record));
      } catch (IllegalArgumentException e) {
        throw reject(record, e.getMessage());
      }
    }
    byte[] value = record.value();
    if (value == null) {
      throw reject(record, "a tombstone (null value) has no newline-delimited form");
    }
    for (byte b : value) {
      if (b == '\n') {
        throw reject(record, "the value holds a line feed, which would split it into two records");
      }
    }
    if (value.length > 0 && value[value.length - 1] == '\r') {
      throw reject(record, "the value ends in CR, which a reader strips as part of CRLF");
    }
    return value.length + 1;
  }

  /** {@code record}'s partition name, encoded once per run of records of one partition. */
  private byte[] partitionName(Record record) {
    if (!record.partition().equals(namedPartition)) {
      partitionName = FramedFormat.nameBytes(record.partition().name());
      namedPartition = record.partition();
    }
    return partitionName;
  }

  void writeHeader() {
    ensureRoom(FramedFormat.SEGMENT_HEADER_SIZE);
    FramedFormat.writeSegmentHeader(buffer);
    size += FramedFormat.SEGMENT_HEADER_SIZE;
  }

  /** Appends {@code record}, which takes {@code bytes} (from {@link #sizeOf}). */
  void append(Record record, int bytes) {
    if (bytes > buffer.capacity()) {
      // Larger than the buffer: one direct write of its own rather than a bigger buffer forever.
      drain();
      ByteBuffer one = ByteBuffer.allocate(bytes);
      put(record, one);
      writeFully(one.flip());
    } else {
      ensureRoom(bytes);
      put(record, buffer);
    }
    size += bytes;
  }

  private void put(Record record, ByteBuffer out) {
    if (format == RecordFormat.FRAMED) {
      FramedFormat.writeFrame(record, partitionName(record), out);
    } else {
      out.put(record.value()).put((byte) '\n');
    }
  }

  private void ensureRoom(int bytes) {
    if (buffer.remaining() < bytes) {
      drain();
    }
  }

  /** Hands buffered bytes to the operating system (not yet durable). */
  void drain() {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer bytes) {
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw SegmentFiles.failure("writing", file, e);
    }
  }

  /** Drains and fsyncs: everything appended is durable on return. */
  void sync() {
    drain();
    try {
      channel.force(false);
    } catch (IOException e) {
      throw SegmentFiles.failure("fsync of", file, e);
    }
  }

  /** Closes without draining: what was not synced may be lost, as in a crash. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw SegmentFiles.failure("closing", file, e);
    }
  }

  private MigrationException reject(Record record, String why) {
    return new MigrationException(
        "cannot write record from "
            + record.partition()
            + " at "
            + record.position()
            + " to "
            + file
            + ": "
            + why);
  }
}
