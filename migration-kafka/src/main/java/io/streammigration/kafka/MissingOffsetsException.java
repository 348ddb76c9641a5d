package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;

/**
 * Records the migration must deliver no longer exist in the source: offsets {@code [from, to]} of
 * a partition were deleted (retention, {@code deleteRecords}) before they were migrated. Raised
 * under {@link GapPolicy#FAIL}; the checkpoint is not advanced past the gap.
 */
public class MissingOffsetsException extends MigrationException {

  private final String topic;
  private final int partition;
  private final long fromOffset;
  private final long toOffset;

  public MissingOffsetsException(String topic, int partition, long fromOffset, long toOffset) {
    super(
        "offsets "
            + fromOffset
            + " to "
            + toOffset
            + " of topic "
            + topic
            + " partition "
            + partition
            + " were deleted before they were migrated (log start offset is now "
            + (toOffset + 1)
            + "); allow continuing with GapPolicy.SKIP_AND_COUNT if the loss is accepted");
    this.topic = topic;
    this.partition = partition;
    this.fromOffset = fromOffset;
    this.toOffset = toOffset;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  /** The first missing offset. */
  public long fromOffset() {
    return fromOffset;
  }

  /** The last missing offset (inclusive). */
  public long toOffset() {
    return toOffset;
  }
}
