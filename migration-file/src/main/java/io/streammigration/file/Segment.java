package io.streammigration.file;

import io.streammigration.core.record.PartitionId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file as the source knows it: identity (ordinal, file key, fingerprint), where the
 * next record starts, and the open channel. Mutable; owned by the source's reader thread.
 */
final class Segment {

  final long ordinal;
  final PartitionId partition;

  /** The {@code segment} of the positions this segment's records carry. */
  final long positionSegment;

  /** Operating-system identity (device and inode on Linux); null where unsupported. */
  final String fileKey;

  Path path;
  Fingerprint fingerprint;

  /** Offset just past the last record delivered (or checkpointed): where the next one starts. */
  long nextOffset;

  /** Bytes a reader may trust: a commit manifest's length, else unlimited. */
  long limit = Long.MAX_VALUE;

  /** True once no more records will come from it (bounded end, a successor took over). */
  boolean done;

  /** Start of a range being skipped under CorruptionPolicy.SKIP, or -1. */
  long skipFrom = -1;

  String skipReason;

  /** Skipping an overlong line: discard up to and including the next LF. */
  boolean discardingLine;

  /** In follow mode, since when a replaced segment has had no new record (System.nanoTime), or -1. */
  long quietSince = -1;

  /** {@link SegmentEnds}: how far its frame walk got (always a frame's end), or 0. */
  long framesWalkedTo;

  /** Where the last frame that walk passed starts, or -1 if it passed none. */
  long framesLastStart = -1;

  /** {@link SegmentEnds}' last answer (-1: none) and the size and read offset it was for. */
  long cachedEnd = -1;

  long cachedEndForSize = -1;
  long cachedEndForOffset = -1;

  private FileChannel channel;

  Segment(
      long ordinal,
      PartitionId partition,
      long positionSegment,
      String fileKey,
      Path path,
      Fingerprint fp) {
    this.ordinal = ordinal;
    this.partition = partition;
    this.positionSegment = positionSegment;
    this.fileKey = fileKey;
    this.path = path;
    this.fingerprint = fp;
  }

  /**
   * The channel, opened on first use. Kept open across renames: reading through the descriptor is
   * what makes rename-and-create rotation lossless.
   */
  FileChannel channel() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
    return channel;
  }

  boolean isOpen() {
    return channel != null;
  }

  void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only: nothing to lose
      }
      channel = null;
    }
  }

  @Override
  public String toString() {
    return path + "#" + ordinal + "@" + nextOffset;
  }

  /** CRC32C of a segment's first {@code length} bytes: identity beyond the name and inode. */
  record Fingerprint(int length, int crc) {
    static final int MAX_LENGTH = 256;
  }
}
