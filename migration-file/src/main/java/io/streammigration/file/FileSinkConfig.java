package io.streammigration.file;

import io.streammigration.core.error.MigrationConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable, validated configuration of a {@link FileSink}. Build with {@link #builder(Path)};
 * every setting is checked when set, failing with a {@link MigrationConfigException} that names it.
 *
 * <p>The sink writes only inside {@link #root()}: {@link #directory()} is resolved against it and
 * must stay inside it, lexically here and by real path (symlinks resolved) when the sink opens.
 */
public final class FileSinkConfig {

  /** Smallest allowed {@code maxSegmentBytes}: 4 KiB. */
  public static final long MIN_SEGMENT_BYTES = 4096;

  private final Path root;
  private final Path directory;
  private final RecordFormat format;
  private final long maxSegmentBytes;
  private final Duration maxSegmentAge;
  private final int writeBufferSize;
  private final String segmentPrefix;

  private FileSinkConfig(Builder b) {
    this.root = b.root;
    this.directory = b.directory;
    this.format = b.format;
    this.maxSegmentBytes = b.maxSegmentBytes;
    this.maxSegmentAge = b.maxSegmentAge;
    this.writeBufferSize = b.writeBufferSize;
    this.segmentPrefix = b.segmentPrefix;
  }

  /** A builder for a sink confined to {@code root}, writing into {@code root} itself by default. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** All defaults, writing framed segments into {@code directory} (which is also the root). */
  public static FileSinkConfig ofDefaults(Path directory) {
    return builder(directory).build();
  }

  /** The directory the sink may not leave (absolute, normalized). */
  public Path root() {
    return root;
  }

  /** Where segments and the manifest go (absolute, normalized, inside {@link #root()}). */
  public Path directory() {
    return directory;
  }

  public RecordFormat format() {
    return format;
  }

  public long maxSegmentBytes() {
    return maxSegmentBytes;
  }

  public Optional<Duration> maxSegmentAge() {
    return Optional.ofNullable(maxSegmentAge);
  }

  public int writeBufferSize() {
    return writeBufferSize;
  }

  public String segmentPrefix() {
    return segmentPrefix;
  }

  /** The file name of segment {@code ordinal}: prefix, 20 zero-padded digits, extension. */
  String segmentName(long ordinal) {
    return String.format(
        "%s%020d%s", segmentPrefix, ordinal, format == RecordFormat.FRAMED ? ".smf" : ".log");
  }

  /** The ordinal in a segment name of this sink, or -1 if the name is not one. */
  long ordinalOf(String name) {
    String ext = format == RecordFormat.FRAMED ? ".smf" : ".log";
    if (!name.startsWith(segmentPrefix) || !name.endsWith(ext)) {
      return -1;
    }
    String digits = name.substring(segmentPrefix.length(), name.length() - ext.length());
    if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  /** Builds a {@link FileSinkConfig}. Not thread-safe. */
  public static final class Builder {
    private final Path root;
    private Path directory;
    private RecordFormat format = RecordFormat.FRAMED;
    private long maxSegmentBytes = 128L << 20;
    private Duration maxSegmentAge;
    private int writeBufferSize = 1 << 20;
    private String segmentPrefix = "segment-";

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
      this.directory = this.root;
    }

    /**
     * Where to write, relative to the root (or absolute, inside it). Default: the root.
     *
     * @throws MigrationConfigException if it lies outside the root
     */
    public Builder directory(Path directory) {
      Path resolved = root.resolve(Objects.requireNonNull(directory, "directory")).normalize();
      if (!resolved.startsWith(root)) {
        throw new MigrationConfigException(
            "directory", resolved + " is outside the sink's root " + root);
      }
      this.directory = resolved;
      return this;
    }

    /** Record layout. Default {@link RecordFormat#FRAMED}. */
    public Builder format(RecordFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Roll to a new segment before one would pass this size: 4 KiB .. 1 TiB. Default 128 MiB. A
     * single larger record still gets a segment of its own.
     */
    public Builder maxSegmentBytes(long bytes) {
      if (bytes < MIN_SEGMENT_BYTES || bytes > (1L << 40)) {
        throw new MigrationConfigException(
            "maxSegmentBytes",
            "must be in " + MIN_SEGMENT_BYTES + ".." + (1L << 40) + ", was " + bytes);
      }
      this.maxSegmentBytes = bytes;
      return this;
    }

    /**
     * Also roll a segment once it is this old (checked at each write): 1 s .. 365 days. Default:
     * never.
     */
    public Builder maxSegmentAge(Duration age) {
      Objects.requireNonNull(age, "maxSegmentAge");
      if (age.compareTo(Duration.ofSeconds(1)) < 0 || age.compareTo(Duration.ofDays(365)) > 0) {
        throw new MigrationConfigException("maxSegmentAge", "must be in 1s..365d, was " + age);
      }
      this.maxSegmentAge = age;
      return this;
    }

    /** Bytes buffered before a write system call: 4 KiB .. 256 MiB. Default 1 MiB. */
    public Builder writeBufferSize(int bytes) {
      if (bytes < 4096 || bytes > (256 << 20)) {
        throw new MigrationConfigException(
            "writeBufferSize", "must be in 4096.." + (256 << 20) + ", was " + bytes);
      }
      this.writeBufferSize = bytes;
      return this;
    }

    /**
     * Segment file name prefix: letters, digits, '-', '_' and '.', 1..64 chars, no leading '.'.
     * Default "segment-".
     */
    public Builder segmentPrefix(String prefix) {
      if (prefix == null
          || prefix.isEmpty()
          || prefix.length() > 64
          || prefix.startsWith(".")
          || !prefix
              .chars()
              .allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
        throw new MigrationConfigException(
            "segmentPrefix",
            "must be 1..64 of [A-Za-z0-9-_.] not starting with '.', was " + prefix);
      }
      this.segmentPrefix = prefix;
      return this;
    }

    public FileSinkConfig build() {
      return new FileSinkConfig(this);
    }
  }
}
