package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Chooses the destination topic of each record from its source partition. Must be deterministic:
 * the same source partition always maps to the same topic (per-partition order depends on it). A
 * sink asks once per source partition and remembers the answer.
 */
@FunctionalInterface
public interface TopicMapping {

  /**
   * The destination topic for records of {@code source}.
   *
   * @throws MigrationException if the partition cannot be mapped
   */
  String destinationTopic(PartitionId source);

  /** Each Kafka source topic to the topic of the same name (a cluster-to-cluster copy). */
  static TopicMapping sameTopic() {
    return source -> kafkaTopic(source);
  }

  /**
   * Each Kafka source topic to the topic {@code renames} maps it to; a source topic the map does
   * not name is an error (a typo must not send data to an unexpected topic).
   */
  static TopicMapping renamed(Map<String, String> renames) {
    Map<String, String> copy = Map.copyOf(Objects.requireNonNull(renames, "renames"));
    return source -> {
      String topic = kafkaTopic(source);
      String renamed = copy.get(topic);
      if (renamed == null) {
        throw new MigrationException(
            "no destination topic for source topic " + topic + " (renamed(...) maps only " + copy.keySet() + ")");
      }
      return renamed;
    };
  }

  /** Every record to {@code topic}, whatever its source (files, several topics merged). */
  static TopicMapping allTo(String topic) {
    Objects.requireNonNull(topic, "topic");
    return source -> topic;
  }

  private static String kafkaTopic(PartitionId source) {
    return KafkaPartitions.topicPartition(source)
        .map(TopicPartition::topic)
        .orElseThrow(
            () -> new MigrationException(
                "source partition " + source + " is not a Kafka partition (\"topic-n\"); use TopicMapping.allTo(...)"));
  }
}
