package io.streammigration.testkit.memory;

import java.util.Arrays;
import java.util.Objects;

/**
 * Describes a synthetic stream for {@link GeneratedStream}: how many partitions, how many records
 * in each, how many keys, how often a tombstone appears, how large values are, and the seed that
 * makes the whole thing reproducible.
 *
 * <p>Immutable; built by {@link #builder()}, which validates each setting at once. Defaults (also
 * {@link #ofDefaults()}): 3 partitions of 100 records, 30 keys, seed 42, no tombstones, values of
 * 8 to 64 bytes, first timestamp 1 700 000 000 000 (epoch millis).
 */
public final class StreamSpec {

  private final int[] recordsPerPartition;
  private final int keys;
  private final long seed;
  private final double tombstoneRatio;
  private final int minValueSize;
  private final int maxValueSize;
  private final long firstTimestamp;

  private StreamSpec(Builder b) {
    this.recordsPerPartition = b.recordsPerPartition.clone();
    this.keys = b.keys;
    this.seed = b.seed;
    this.tombstoneRatio = b.tombstoneRatio;
    this.minValueSize = b.minValueSize;
    this.maxValueSize = b.maxValueSize;
    this.firstTimestamp = b.firstTimestamp;
    if (keys < recordsPerPartition.length) {
      throw new IllegalArgumentException(
          "keys ("
              + keys
              + ") must be >= partitions ("
              + recordsPerPartition.length
              + "): each key lives in exactly one partition, as with hash partitioning");
    }
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default spec: 3 partitions of 100 records, 30 keys, seed 42. */
  public static StreamSpec ofDefaults() {
    return builder().build();
  }

  /** Generates the stream this spec describes; the same spec always yields equal records. */
  public GeneratedStream generate() {
    return GeneratedStream.of(this);
  }

  public int partitions() {
    return recordsPerPartition.length;
  }

  /** Records in partition {@code index} (0-based). */
  public int recordsIn(int index) {
    return recordsPerPartition[index];
  }

  /** Total records over all partitions. */
  public long totalRecords() {
    return Arrays.stream(recordsPerPartition).asLongStream().sum();
  }

  public int keys() {
    return keys;
  }

  public long seed() {
    return seed;
  }

  public double tombstoneRatio() {
    return tombstoneRatio;
  }

  public int minValueSize() {
    return minValueSize;
  }

  public int maxValueSize() {
    return maxValueSize;
  }

  public long firstTimestamp() {
    return firstTimestamp;
  }

  /** A builder preloaded with this spec, to derive a variant (another seed, say). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.recordsPerPartition = recordsPerPartition.clone();
    b.keys = keys;
    b.seed = seed;
    b.tombstoneRatio = tombstoneRatio;
    b.minValueSize = minValueSize;
    b.maxValueSize = maxValueSize;
    b.firstTimestamp = firstTimestamp;
    return b;
  }

  @Override
  public String toString() {
    return "StreamSpec{records="
        + Arrays.toString(recordsPerPartition)
        + ", keys="
        + keys
        + ", seed="
        + seed
        + ", tombstoneRatio="
        + tombstoneRatio
        + ", valueSize="
        + minValueSize
        + ".."
        + maxValueSize
        + "}";
  }

  /** Builds a {@link StreamSpec}; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private int[] recordsPerPartition = {100, 100, 100};
    private int keys = 30;
    private long seed = 42;
    private double tombstoneRatio;
    private int minValueSize = 8;
    private int maxValueSize = 64;
    private long firstTimestamp = 1_700_000_000_000L;

    private Builder() {}

    /** {@code partitions} partitions of {@code recordsEach} records. Default 3 of 100. */
    public Builder partitions(int partitions, int recordsEach) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
      }
      int[] counts = new int[partitions];
      Arrays.fill(counts, recordsEach);
      return recordsPerPartition(counts);
    }

    /** One partition per argument, holding that many records (zero allowed). */
    public Builder recordsPerPartition(int... counts) {
      Objects.requireNonNull(counts, "counts");
      if (counts.length == 0) {
        throw new IllegalArgumentException("at least one partition is needed");
      }
      for (int c : counts) {
        if (c < 0) {
          throw new IllegalArgumentException("record counts must be >= 0, was " + c);
        }
      }
      this.recordsPerPartition = counts.clone();
      return this;
    }

    /** Distinct keys over the whole stream; at least one per partition. Default 30. */
    public Builder keys(int keys) {
      if (keys < 1) {
        throw new IllegalArgumentException("keys must be >= 1, was " + keys);
      }
      this.keys = keys;
      return this;
    }

    /** The seed; equal specs with equal seeds generate equal streams. Default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Fraction of records, in [0, 1], whose value is null. Default 0. */
    public Builder tombstoneRatio(double ratio) {
      if (!(ratio >= 0.0 && ratio <= 1.0)) {
        throw new IllegalArgumentException("tombstoneRatio must be in [0, 1], was " + ratio);
      }
      this.tombstoneRatio = ratio;
      return this;
    }

    /** Value sizes are uniform in [min, max] bytes. Default 8..64. */
    public Builder valueSize(int min, int max) {
      if (min < 0 || max < min) {
        throw new IllegalArgumentException(
            "valueSize needs 0 <= min <= max, was " + min + ".." + max);
      }
      this.minValueSize = min;
      this.maxValueSize = max;
      return this;
    }

    /** Timestamp of each partition's first record, epoch millis. Default 1 700 000 000 000. */
    public Builder firstTimestamp(long epochMillis) {
      if (epochMillis < 0) {
        throw new IllegalArgumentException("firstTimestamp must be >= 0, was " + epochMillis);
      }
      this.firstTimestamp = epochMillis;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException if there are fewer keys than partitions
     */
    public StreamSpec build() {
      return new StreamSpec(this);
    }
  }
}
