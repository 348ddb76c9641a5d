package io.streammigration.kafka;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The mapping between Kafka coordinates and the SDK's partition ids and positions.
 *
 * <ul>
 *   <li>Partition {@code n} of topic {@code t} is the {@link PartitionId} {@code "t-n"}: the topic
 *       name, a hyphen, the partition number in decimal without leading zeros (Kafka's own {@code
 *       TopicPartition.toString()} form). Topic names may contain hyphens, so the number is what
 *       follows the <em>last</em> hyphen.
 *   <li>The record at offset {@code o} is at {@link Position#of(long) Position.of(o)} (segment 0).
 *       A checkpoint holds the offset of the last delivered record; the source resumes at {@code
 *       o + 1}.
 * </ul>
 */
public final class KafkaPartitions {

  private KafkaPartitions() {}

  /** {@code "topic-n"}. */
  public static PartitionId partitionId(String topic, int partition) {
    return PartitionId.of(topic + "-" + partition);
  }

  /** {@code "topic-n"}. */
  public static PartitionId partitionId(TopicPartition tp) {
    return partitionId(tp.topic(), tp.partition());
  }

  /**
   * The topic partition a partition id names, or empty if the id is not of the form {@code
   * "topic-n"} (a partition of a non-Kafka source).
   */
  public static Optional<TopicPartition> topicPartition(PartitionId id) {
    String name = id.name();
    int dash = name.lastIndexOf('-');
    if (dash <= 0 || dash == name.length() - 1) {
      return Optional.empty();
    }
    String number = name.substring(dash + 1);
    if (number.length() > 1 && number.charAt(0) == '0') {
      return Optional.empty();
    }
    for (int i = 0; i < number.length(); i++) {
      if (!Character.isDigit(number.charAt(i)) || number.charAt(i) > '9') {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new TopicPartition(name.substring(0, dash), Integer.parseInt(number)));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  /** {@code Position.of(offset)}. */
  public static Position position(long offset) {
    return Position.of(offset);
  }

  /** The offset a position holds. */
  public static long offset(Position position) {
    if (position.segment() != 0) {
      throw new IllegalArgumentException("not a Kafka offset (segment is not 0): " + position);
    }
    return position.offset();
  }
}
