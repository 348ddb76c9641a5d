package io.streammigration.core.record;

/**
 * Where a record sits in its source partition: a {@code segment} and an {@code offset} within it,
 * ordered first by segment, then by offset.
 *
 * <p>Adapters map their native coordinates onto these two numbers: a Kafka source uses segment
 * {@code 0} and the record offset; a file source uses the segment's ordinal and the byte offset just
 * past the record. Positions are only comparable within one partition.
 *
 * <p>The contract that every source honours: a checkpoint stores, per partition, the position of
 * the last record it covers, and a source resumed from that checkpoint delivers exactly the records
 * whose position is greater (see {@link io.streammigration.core.spi.Source}).
 *
 * <p>Serialized by {@link PositionSerializer}, which is versioned.
 *
 * @param segment non-negative segment number (0 for single-segment partitions)
 * @param offset non-negative offset within the segment
 */
public record Position(long segment, long offset) implements Comparable<Position> {

  public Position {
    if (segment < 0) {
      throw new IllegalArgumentException("segment must be >= 0, was " + segment);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }

  /** A position in segment 0, the usual form for sources with a single numbering (Kafka offsets). */
  public static Position of(long offset) {
    return new Position(0, offset);
  }

  /** A position in the given segment. */
  public static Position of(long segment, long offset) {
    return new Position(segment, offset);
  }

  /** True if this position comes after {@code other} in the same partition. */
  public boolean isAfter(Position other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Position other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }

  @Override
  public String toString() {
    return segment == 0 ? Long.toString(offset) : segment + ":" + offset;
  }
}
