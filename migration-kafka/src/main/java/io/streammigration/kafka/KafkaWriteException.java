package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;

/**
 * A record could not be written to Kafka. Names the destination topic and partition and the
 * source partition and position of the record, so an operator can find it; the cause is Kafka's
 * error (for example {@code RecordTooLargeException}). Nothing after the last checkpoint is
 * committed; the next run resumes from it.
 */
public class KafkaWriteException extends MigrationException {

  private final String topic;
  private final int partition;
  private final PartitionId sourcePartition;
  private final Position sourcePosition;

  public KafkaWriteException(
      String topic, int partition, PartitionId sourcePartition, Position sourcePosition, Throwable cause) {
    super(
        "writing the record at position " + sourcePosition + " of source partition " + sourcePartition
            + " to topic " + topic + " partition " + partition + " failed: " + cause,
        cause);
    this.topic = topic;
    this.partition = partition;
    this.sourcePartition = sourcePartition;
    this.sourcePosition = sourcePosition;
  }

  /** The destination topic. */
  public String topic() {
    return topic;
  }

  /** The destination partition. */
  public int partition() {
    return partition;
  }

  public PartitionId sourcePartition() {
    return sourcePartition;
  }

  public Position sourcePosition() {
    return sourcePosition;
  }
}
