package io.streammigration.kafka;

/**
 * What a {@link KafkaSource} does when records it must deliver are gone from the source: the
 * checkpointed offset (or the offset being read) is below the partition's log start offset,
 * because retention or compaction-with-delete removed them before they were migrated.
 */
public enum GapPolicy {
  /** Stop with a {@link MissingOffsetsException} naming topic, partition and offset range. The default. */
  FAIL,
  /**
   * Continue from the log start offset; the number of offsets skipped is added to {@link
   * KafkaSource#skippedOffsets()} and each gap is logged at WARN with topic, partition and range.
   * For migrations where the operator has accepted the loss.
   */
  SKIP_AND_COUNT
}
