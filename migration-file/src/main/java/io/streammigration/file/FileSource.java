package io.streammigration.file;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads records from one file or a directory of segment files, newline-delimited or framed.
 *
 * <p><b>Partitions and positions.</b> By default all segments form one partition (named by {@link
 * FileSourceConfig#partitionName()}), read in {@link FileSourceConfig#segmentOrder()}, and a
 * record's position is {@code (segmentOrdinal, byte offset just past the record)}: a checkpoint
 * holds the last delivered record's position, so resuming means seeking to that offset in that
 * segment. With {@code partitionPerSegment} each segment is a partition named after its file,
 * positions {@code (0, offset)}. Segment ordinals: see {@link
 * FileSourceConfig.Builder#segmentRegistry}.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open}: lists the segments, identifies them (file key and a fingerprint of their
 *       first bytes) and seeks to the checkpoint. A checkpointed segment that is gone or shorter
 *       than its checkpointed offset is handled by the {@link TruncationPolicy}.
 *   <li>{@link #poll}: large positional reads into one reusable buffer; records are cut from it.
 *       Bounded mode ends at the end of the last segment ({@link #isEndOfInput()}). Follow mode
 *       waits for appended bytes and new segments, sleeping {@code idleWait} between looks and
 *       never past the poll's timeout; a renamed file is read to its end through its open
 *       descriptor, and finished only after it stayed unchanged for {@code rotationGrace}, before
 *       the next segment: rename-and-create rotation loses nothing, including the lines a logger
 *       writes to its old descriptor just after the rename.
 *   <li>{@link #close()}: idempotent.
 * </ol>
 *
 * <p><b>Bad data.</b> Half a record is never emitted: follow mode waits for the rest; bounded mode
 * applies the {@link TornTailPolicy}. Corrupt or oversized records fail with a {@link
 * io.streammigration.core.error.SourceCorruptionException} naming the file and byte offset, unless
 * {@link CorruptionPolicy#SKIP} is set; every skip is in {@link #skipped()}.
 *
 * <p><b>Threads.</b> The engine's reader thread calls every method except {@link #skipped()}, which
 * any thread may call. {@code poll} blocks up to its timeout in follow mode.
 */
public final class FileSource implements Source {

  private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);

  private final FileSourceConfig config;
  /** How many skip reports {@link #skipped()} keeps. */
  public static final int SKIPS_KEPT = 1024;

  private final java.util.ArrayDeque<SkippedBytes> skipped = new java.util.ArrayDeque<>();
  private long skipCount;
  private SegmentCatalog catalog;
  private SegmentReader reader;
  private SegmentEnds ends;
  private int nextCandidate;
  private boolean endOfInput;
  private boolean closed;

  public FileSource(FileSourceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public FileSourceConfig config() {
    return config;
  }

  /**
   * The ranges of bytes skipped so far (corruption, torn tails, truncations), in order: the most
   * recent {@link #SKIPS_KEPT} of them, so a badly damaged file cannot fill the heap with reports.
   * {@link #skipCount()} counts them all.
   */
  public synchronized List<SkippedBytes> skipped() {
    return List.copyOf(skipped);
  }

  /** How many ranges were skipped since open, including those {@link #skipped()} no longer holds. */
  public synchronized long skipCount() {
    return skipCount;
  }

  private synchronized void report(SkippedBytes skip) {
    if (skipped.size() == SKIPS_KEPT) {
      skipped.removeFirst();
    }
    skipped.add(skip);
    skipCount++;
    LOG.warn(
        "skipped {} bytes of {} at byte offset {}: {}",
        skip.length(),
        skip.file(),
        skip.offset(),
        skip.reason());
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
    Objects.requireNonNull(resumeFrom, "resumeFrom");
    catalog = new SegmentCatalog(config, this::report);
    reader = new SegmentReader(config, this::report);
    ends = new SegmentEnds(config);
    catalog.load();
    resumeFrom.ifPresent(this::seek);
  }

  private void seek(Checkpoint checkpoint) {
    if (config.partitionPerSegment()) {
      for (Segment s : List.copyOf(catalog.segments())) {
        checkpoint.position(s.partition).ifPresent(p -> seekTo(s, p.offset()));
      }
      return;
    }
    PartitionId partition = PartitionId.of(config.partitionName());
    Optional<Position> position = checkpoint.position(partition);
    if (position.isEmpty()) {
      return;
    }
    long ordinal = position.get().segment();
    boolean found = false;
    for (Segment s : List.copyOf(catalog.segments())) {
      if (s.ordinal < ordinal) {
        s.done = true;
      } else if (s.ordinal == ordinal) {
        found = true;
        seekTo(s, position.get().offset());
      }
    }
    if (!found) {
      String problem = "checkpointed segment " + ordinal + " of " + config.path() + " is gone";
      if (catalog.segments().stream().anyMatch(s -> s.ordinal > ordinal)) {
        // Usually an old, fully read log that rotation deleted; the source cannot tell whether
        // bytes after the checkpoint were left in it, so it says so and goes on with the next.
        report(
            new SkippedBytes(
                config.path(),
                position.get().offset(),
                0,
                problem + "; any bytes it had after the checkpoint are lost"));
      } else {
        truncated(null, problem, position.get());
      }
    }
  }

  private void seekTo(Segment s, long offset) {
    long size = size(s);
    if (size < offset) {
      truncated(
          s,
          s.path + " has " + size + " bytes, fewer than the checkpointed offset " + offset,
          Position.of(s.positionSegment, offset));
      return;
    }
    s.nextOffset = offset;
  }

  /** Applies the truncation policy to {@code s} (null: a segment that is gone altogether). */
  private void truncated(Segment s, String problem, Position at) {
    String file = s == null ? config.path().toString() : s.path.toString();
    PartitionId partition = s == null ? PartitionId.of(config.partitionName()) : s.partition;
    if (config.truncation() == TruncationPolicy.FAIL) {
      throw new SegmentTruncatedException(file, partition, at, problem);
    }
    if (s != null) {
      report(
          new SkippedBytes(
              s.path,
              0,
              Math.max(0, at.offset() - size(s)),
              problem + "; reading it again from its start"));
      reader.reset();
      catalog.restart(s);
    } else {
      report(new SkippedBytes(config.path(), at.offset(), 0, problem));
    }
  }

  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    if (catalog == null || closed) {
      throw new IllegalStateException("source is " + (closed ? "closed" : "not open"));
    }
    List<Record> out = new ArrayList<>(Math.min(maxRecords, 4096));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean progressed = readCandidates(out, maxRecords);
      if (!out.isEmpty()) {
        return out;
      }
      if (firstLive() < 0) {
        endOfInput = !config.follow();
        if (endOfInput) {
          return out;
        }
      }
      if (progressed || (config.follow() && catalog.refresh())) {
        continue;
      }
      if (!config.follow()) {
        return out;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return out;
      }
      sleep(Math.min(left, config.idleWait().toNanos()));
    }
  }

  /**
   * One pass over the segments that may yield records now: the first unfinished one for a single
   * partition (total order), every unfinished one, round robin, for a partition per segment.
   *
   * @return true if a segment was finished (so another pass may yield more)
   */
  private boolean readCandidates(List<Record> out, int max) {
    List<Segment> all = catalog.segments();
    boolean finished = false;
    int first = firstLive();
    if (first < 0) {
      return false;
    }
    int count = config.partitionPerSegment() ? all.size() : 1;
    int start = config.partitionPerSegment() ? Math.max(first, nextCandidate % all.size()) : first;
    for (int i = 0; i < count && out.size() < max; i++) {
      Segment s = all.get((start + i) % all.size());
      if (s.done) {
        continue;
      }
      int before = out.size();
      SegmentReader.Status status = reader.read(s, out, max);
      if (out.size() > before) {
        s.quietSince = -1;
      }
      if (status == SegmentReader.Status.FULL) {
        nextCandidate = all.indexOf(s);
        return finished;
      }
      if (isLive(s)) {
        checkNotTruncated(s);
        continue;
      }
      if (config.follow() && !quietLongEnough(s)) {
        if (!config.partitionPerSegment()) {
          break; // its successor waits: one partition is read in order
        }
        continue;
      }
      if (status == SegmentReader.Status.TORN) {
        if (config.tornTail() == TornTailPolicy.FAIL && !out.isEmpty()) {
          return finished; // deliver the complete records first; the next poll fails
        }
        tornTail(s);
      }
      finish(s);
      finished = true;
      if (!config.partitionPerSegment()) {
        break;
      }
    }
    nextCandidate = start + 1;
    return finished;
  }

  /** True once a replaced segment has gone {@code rotationGrace} without a new record. */
  private boolean quietLongEnough(Segment s) {
    if (config.committedOnly()) {
      return true; // a FileSink never appends to a segment once it has started the next one
    }
    long now = System.nanoTime();
    if (s.quietSince < 0) {
      s.quietSince = now;
    }
    return now - s.quietSince >= config.rotationGrace().toNanos();
  }

  /** A segment that may still grow: in follow mode, every one per-segment, else the last. */
  private boolean isLive(Segment s) {
    if (!config.follow()) {
      return false;
    }
    List<Segment> all = catalog.segments();
    return config.partitionPerSegment() || all.get(all.size() - 1) == s;
  }

  private int firstLive() {
    List<Segment> all = catalog.segments();
    for (int i = 0; i < all.size(); i++) {
      if (!all.get(i).done) {
        return i;
      }
    }
    return -1;
  }

  private void tornTail(Segment s) {
    int pending = reader.pending();
    Position at = Position.of(s.positionSegment, s.nextOffset);
    if (config.tornTail() == TornTailPolicy.FAIL) {
      throw new TornRecordException(s.path.toString(), s.partition, at, pending);
    }
    report(
        new SkippedBytes(s.path, s.nextOffset, pending, "torn record at the end of the segment"));
  }

  private void finish(Segment s) {
    if (s.skipFrom >= 0) {
      report(new SkippedBytes(s.path, s.skipFrom, s.nextOffset - s.skipFrom, s.skipReason));
      s.skipFrom = -1;
    }
    s.done = true;
    s.close();
    reader.reset();
  }

  private void checkNotTruncated(Segment s) {
    long size = size(s);
    if (size < s.nextOffset) {
      truncated(
          s,
          s.path
              + " shrank to "
              + size
              + " bytes, below the offset "
              + s.nextOffset
              + " already read",
          Position.of(s.positionSegment, s.nextOffset));
    }
  }

  private static long size(Segment s) {
    try {
      return s.channel().size();
    } catch (IOException e) {
      throw SegmentFiles.failure("reading the size of", s.path, e);
    }
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted while waiting for more data", e);
    }
  }

  /**
   * Where each partition ends right now: the position just past its last complete record, in the
   * last segment that has one (torn or still-written tails do not count). Lines are found by
   * reading backwards from the end of the file; frames by hopping over frame lengths not yet
   * read, at most {@link SegmentEnds#FRAME_WALK_BUDGET} bytes per call, so a large unread backlog
   * of frames has no known end (and no lag) until that walk reaches the end; a FileSink's
   * committed output ({@code committedOnly}) by its manifest. A partition whose end cannot be known
   * exactly (a last record that {@link CorruptionPolicy#SKIP} would drop, a truncated file) is left
   * out, as the contract asks. In follow mode the segment list is refreshed first, so a rotation
   * is seen. Unchanged files are answered from a cache.
   */
  @Override
  public Map<PartitionId, Position> endPositions() {
    if (catalog == null || closed) {
      throw new IllegalStateException("source is " + (closed ? "closed" : "not open"));
    }
    if (config.follow()) {
      catalog.refresh();
    }
    Map<PartitionId, Position> result = new HashMap<>();
    List<Segment> all = catalog.segments();
    if (config.partitionPerSegment()) {
      for (Segment s : all) {
        long end = end(s);
        if (end >= 0) {
          result.put(s.partition, Position.of(s.positionSegment, end));
        }
      }
      return result;
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Segment s = all.get(i);
      long end = end(s);
      if (end >= 0) {
        result.put(s.partition, Position.of(s.positionSegment, end));
      }
      if (end != SegmentEnds.NONE) {
        break; // found, or unknown: an earlier segment's end is not the partition's
      }
    }
    return result;
  }

  /** The end of {@code s}: a done segment ends where reading it stopped. */
  private long end(Segment s) {
    if (s.done) {
      return s.nextOffset > config.format().segmentHeaderSize() ? s.nextOffset : SegmentEnds.NONE;
    }
    try {
      return ends.lastRecordEnd(s);
    } catch (java.nio.file.NoSuchFileException e) {
      // Deleted before it was opened (rotation removing it): the reader reports that; the end of
      // this partition is simply not known now.
      return SegmentEnds.UNKNOWN;
    } catch (IOException e) {
      throw SegmentFiles.failure("finding the last record of", s.path, e);
    }
  }

  @Override
  public boolean isEndOfInput() {
    return endOfInput;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (catalog != null) {
      catalog.segments().forEach(Segment::close);
    }
  }

  @Override
  public String toString() {
    return "FileSource{"
        + config.path()
        + ", "
        + config.format()
        + (config.follow() ? ", follow" : "")
        + "}";
  }
}
