package io.streammigration.file;

import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads what a framed {@link FileSink} directory holds, each record with the origin partition and
 * position the sink stored: for verification, inspection and tests. With a {@link CommitManifest}
 * it reads exactly the committed bytes; without one (an AT_LEAST_ONCE directory) every framed
 * segment in name order, each up to its last complete record (a crashed writer's torn tail is left
 * out).
 *
 * <p>Reads one segment into memory at a time (segments are bounded by {@code maxSegmentBytes}); for
 * streaming use {@link FileSource}. Stateless; thread-safe.
 */
public final class CommittedSegments {

  private CommittedSegments() {}

  /** The directory's commit manifest, if it has one. */
  public static Optional<CommitManifest> readManifest(Path directory) {
    Path file = directory.resolve(CommitManifest.FILE_NAME);
    try {
      return Optional.of(CommitManifest.decode(Files.readAllBytes(file), file.toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw SegmentFiles.failure("reading", file, e);
    }
  }

  /** Every record in the directory, in segment order; see the class comment for which bytes. */
  public static List<Record> read(Path directory) {
    List<Record> records = new ArrayList<>();
    forEach(directory, records::add);
    return records;
  }

  /** Hands every record to {@code consumer}, in segment order. */
  public static void forEach(Path directory, Consumer<Record> consumer) {
    Optional<CommitManifest> manifest = readManifest(directory);
    if (manifest.isPresent()) {
      for (Map.Entry<String, Long> e : manifest.get().segments().entrySet()) {
        readSegment(directory.resolve(e.getKey()), e.getValue(), true, consumer);
      }
      return;
    }
    List<Path> segments;
    try (Stream<Path> files = Files.list(directory)) {
      segments = files.filter(f -> f.getFileName().toString().endsWith(".smf")).sorted().toList();
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw SegmentFiles.failure("listing", directory, e);
    }
    for (Path segment : segments) {
      readSegment(segment, Long.MAX_VALUE, false, consumer);
    }
  }

  private static void readSegment(Path file, long length, boolean committed, Consumer<Record> out) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw SegmentFiles.failure("reading", file, e);
    }
    int end = (int) Math.min(bytes.length, length);
    if (end < length && committed) {
      throw corrupt(file, 0, "shorter (" + bytes.length + " bytes) than its committed " + length);
    }
    if (end < FramedFormat.SEGMENT_HEADER_SIZE) {
      if (committed && end > 0) {
        throw corrupt(file, 0, "committed length " + end + " cuts the segment header");
      }
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, end);
    String bad = FramedFormat.checkSegmentHeader(in);
    if (bad != null) {
      throw corrupt(file, 0, bad);
    }
    RecordScanner frames = RecordScanner.of(RecordFormat.FRAMED);
    while (in.hasRemaining()) {
      int at = in.position();
      try {
        int size = frames.scan(in, Integer.MAX_VALUE - FramedFormat.FRAME_OVERHEAD);
        if (size == RecordScanner.NEED_MORE) {
          if (committed) {
            throw corrupt(file, at, "committed bytes end inside a record");
          }
          return; // a crashed AT_LEAST_ONCE writer's torn tail: never flushed, never promised
        }
        out.accept(frames.decode(in, size, null, null));
        in.position(at + size);
      } catch (RecordScanner.BadRecord e) {
        throw corrupt(file, at, e.getMessage());
      }
    }
  }

  private static SourceCorruptionException corrupt(Path file, long offset, String problem) {
    return new SourceCorruptionException(
        file.toString(),
        PartitionId.of(file.getFileName().toString()),
        Position.of(offset),
        problem);
  }
}
