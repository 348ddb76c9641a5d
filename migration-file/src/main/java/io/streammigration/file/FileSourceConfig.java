package io.streammigration.file;

import io.streammigration.core.error.MigrationConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Immutable, validated configuration of a {@link FileSource}. Build with {@link #builder(Path)};
 * every setting is checked when set or at {@link Builder#build()}, failing with a {@link
 * MigrationConfigException} that names it.
 */
public final class FileSourceConfig {

  /** Upper bound for {@code maxRecordSize}: 1 GiB. */
  public static final int MAX_RECORD_SIZE_LIMIT = 1 << 30;

  private final Path path;
  private final RecordFormat format;
  private final boolean follow;
  private final Comparator<Path> segmentOrder;
  private final Predicate<Path> segmentFilter;
  private final boolean partitionPerSegment;
  private final String partitionName;
  private final int maxRecordSize;
  private final int readBufferSize;
  private final TornTailPolicy tornTail;
  private final CorruptionPolicy corruption;
  private final TruncationPolicy truncation;
  private final Duration idleWait;
  private final Duration rotationGrace;
  private final boolean committedOnly;
  private final Path segmentRegistry;

  private FileSourceConfig(Builder b) {
    this.path = b.path;
    this.format = b.format;
    this.follow = b.follow;
    this.segmentOrder = b.segmentOrder;
    this.segmentFilter = b.segmentFilter;
    this.partitionPerSegment = b.partitionPerSegment;
    this.partitionName =
        b.partitionName != null
            ? b.partitionName
            : path.getFileName() == null ? "file" : path.getFileName().toString();
    this.maxRecordSize = b.maxRecordSize;
    this.readBufferSize = b.readBufferSize;
    this.tornTail = b.tornTail;
    this.corruption = b.corruption;
    this.truncation = b.truncation;
    this.idleWait = b.idleWait;
    this.rotationGrace = b.rotationGrace;
    this.committedOnly = b.committedOnly;
    this.segmentRegistry = b.segmentRegistry;
  }

  /** A builder reading {@code path}: one file, or a directory of segment files. */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /** All defaults over {@code path}: bounded, framed, one partition, name order. */
  public static FileSourceConfig ofDefaults(Path path) {
    return builder(path).build();
  }

  public Path path() {
    return path;
  }

  public RecordFormat format() {
    return format;
  }

  public boolean follow() {
    return follow;
  }

  public Comparator<Path> segmentOrder() {
    return segmentOrder;
  }

  public Predicate<Path> segmentFilter() {
    return segmentFilter;
  }

  public boolean partitionPerSegment() {
    return partitionPerSegment;
  }

  public String partitionName() {
    return partitionName;
  }

  public int maxRecordSize() {
    return maxRecordSize;
  }

  public int readBufferSize() {
    return readBufferSize;
  }

  public TornTailPolicy tornTail() {
    return tornTail;
  }

  public CorruptionPolicy corruption() {
    return corruption;
  }

  public TruncationPolicy truncation() {
    return truncation;
  }

  public Duration idleWait() {
    return idleWait;
  }

  public Duration rotationGrace() {
    return rotationGrace;
  }

  public boolean committedOnly() {
    return committedOnly;
  }

  public Optional<Path> segmentRegistry() {
    return Optional.ofNullable(segmentRegistry);
  }

  /** Builds a {@link FileSourceConfig}. Not thread-safe. */
  public static final class Builder {
    private final Path path;
    private RecordFormat format = RecordFormat.FRAMED;
    private boolean follow;
    private Comparator<Path> segmentOrder = SegmentOrder.byName();
    private Predicate<Path> segmentFilter = Builder::isDataFile;
    private boolean partitionPerSegment;
    private String partitionName;
    private int maxRecordSize = 16 << 20;
    private int readBufferSize = 1 << 20;
    private TornTailPolicy tornTail = TornTailPolicy.FAIL;
    private CorruptionPolicy corruption = CorruptionPolicy.FAIL;
    private TruncationPolicy truncation = TruncationPolicy.FAIL;
    private Duration idleWait = Duration.ofMillis(20);
    private Duration rotationGrace = Duration.ofSeconds(1);
    private boolean committedOnly;
    private Path segmentRegistry;

    private Builder(Path path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    /** Record layout. Default {@link RecordFormat#FRAMED}. */
    public Builder format(RecordFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Follow mode: keep reading appended bytes and new segments, never end. Default false (bounded:
     * end of input at the end of the last segment as it was when reached).
     */
    public Builder follow(boolean follow) {
      this.follow = follow;
      return this;
    }

    /** Order of a directory's segments, oldest first. Default {@link SegmentOrder#byName()}. */
    public Builder segmentOrder(Comparator<Path> order) {
      this.segmentOrder = Objects.requireNonNull(order, "segmentOrder");
      return this;
    }

    /**
     * Which files of a directory are segments. Default: regular files whose names do not start with
     * '.' and are not a {@link FileSink}'s commit manifest or temporary files.
     */
    public Builder segmentFilter(Predicate<Path> filter) {
      this.segmentFilter = Objects.requireNonNull(filter, "segmentFilter");
      return this;
    }

    /**
     * True: each segment is its own partition, named after its file, positions {@code (0, offset)}.
     * Default false: all segments form one partition (total order), positions {@code
     * (segmentOrdinal, offset)}.
     */
    public Builder partitionPerSegment(boolean perSegment) {
      this.partitionPerSegment = perSegment;
      return this;
    }

    /** The partition's name in single-partition mode. Default: the file or directory name. */
    public Builder partitionName(String name) {
      if (name == null || name.isEmpty()) {
        throw new MigrationConfigException("partitionName", "must be a non-empty name");
      }
      this.partitionName = name;
      return this;
    }

    /** Longest line or frame body accepted, in bytes: 1 .. 1 GiB. Default 16 MiB. */
    public Builder maxRecordSize(int bytes) {
      if (bytes < 1 || bytes > MAX_RECORD_SIZE_LIMIT) {
        throw new MigrationConfigException(
            "maxRecordSize", "must be in 1.." + MAX_RECORD_SIZE_LIMIT + ", was " + bytes);
      }
      this.maxRecordSize = bytes;
      return this;
    }

    /**
     * Bytes read per system call: 4 KiB .. 256 MiB. Default 1 MiB. The buffer grows, up to {@code
     * maxRecordSize} plus framing, only to hold one record that is larger.
     */
    public Builder readBufferSize(int bytes) {
      if (bytes < 4096 || bytes > (256 << 20)) {
        throw new MigrationConfigException(
            "readBufferSize", "must be in 4096.." + (256 << 20) + ", was " + bytes);
      }
      this.readBufferSize = bytes;
      return this;
    }

    /** Bounded mode's answer to a torn last record. Default {@link TornTailPolicy#FAIL}. */
    public Builder tornTail(TornTailPolicy policy) {
      this.tornTail = Objects.requireNonNull(policy, "tornTail");
      return this;
    }

    /** What to do with corrupt or oversized records. Default {@link CorruptionPolicy#FAIL}. */
    public Builder corruption(CorruptionPolicy policy) {
      this.corruption = Objects.requireNonNull(policy, "corruption");
      return this;
    }

    /** What to do when a segment shrinks. Default {@link TruncationPolicy#FAIL}. */
    public Builder truncation(TruncationPolicy policy) {
      this.truncation = Objects.requireNonNull(policy, "truncation");
      return this;
    }

    /**
     * In follow mode, how long to sleep between looks for new bytes when there are none: 1 ms .. 10
     * s. Default 20 ms. A poll never waits longer than its own timeout.
     */
    public Builder idleWait(Duration wait) {
      Objects.requireNonNull(wait, "idleWait");
      if (wait.toMillis() < 1 || wait.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new MigrationConfigException("idleWait", "must be in 1ms..10s, was " + wait);
      }
      this.idleWait = wait;
      return this;
    }

    /**
     * In follow mode, how long a segment that a newer one has replaced must stay unchanged
     * before the source finishes it and moves on: 0 .. 1 h. Default 1 s. A logger keeps writing
     * to its old descriptor for a moment after logrotate renames the file; without the grace
     * those last lines would be skipped. Records of the next segment wait that long after each
     * rotation (a single partition is read in order).
     */
    public Builder rotationGrace(Duration grace) {
      Objects.requireNonNull(grace, "rotationGrace");
      if (grace.isNegative() || grace.compareTo(Duration.ofHours(1)) > 0) {
        throw new MigrationConfigException("rotationGrace", "must be in 0..1h, was " + grace);
      }
      this.rotationGrace = grace;
      return this;
    }

    /**
     * True: {@code path} is a {@link FileSink} directory; read only the segments and bytes its
     * commit manifest lists as committed (and, in follow mode, re-read the manifest for more).
     * Default false.
     */
    public Builder committedOnly(boolean committedOnly) {
      this.committedOnly = committedOnly;
      return this;
    }

    /**
     * A file where the source keeps its segment registry: the ordinal it gave each segment, with
     * the segment's file key (inode) and a fingerprint of its first bytes. With it, ordinals
     * survive renames (logrotate) and a resumed source verifies that a checkpointed segment is the
     * same file. Without it (the default), ordinals are the segments' indexes in {@link
     * #segmentOrder} when the source opens: right for directories where segments are only added at
     * the end of that order and never renamed (FileSink output, dated names).
     */
    public Builder segmentRegistry(Path file) {
      this.segmentRegistry = Objects.requireNonNull(file, "segmentRegistry");
      return this;
    }

    public FileSourceConfig build() {
      if (committedOnly && segmentRegistry != null) {
        throw new MigrationConfigException(
            "segmentRegistry", "not used with committedOnly: the manifest names the segments");
      }
      return new FileSourceConfig(this);
    }

    private static boolean isDataFile(Path p) {
      String name = p.getFileName().toString();
      return Files.isRegularFile(p)
          && !name.startsWith(".")
          && !name.equals(CommitManifest.FILE_NAME)
          && !name.endsWith(".tmp");
    }
  }
}
