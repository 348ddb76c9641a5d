package io.streammigration.bench.kafka;

import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Creates the benchmark's topics so that they take writes at once. */
final class BenchTopics {

  private BenchTopics() {}

  /**
   * Creates {@code name} and waits until every partition's leader answers ListOffsets.
   *
   * <p>{@link KafkaTestBroker#createTopic} returns once the metadata names a leader for every
   * partition, but the broker can still answer a produce request with NOT_LEADER_OR_FOLLOWER for
   * a moment after. An idempotent producer whose first batch to a partition fails that way, while
   * its later batches to the same partition succeed, retries that first batch (sequence 0) against
   * a partition that already holds later sequences: OUT_OF_ORDER_SEQUENCE_NUMBER on every retry
   * until {@code delivery.timeout.ms} (2 minutes) expires the batch. ListOffsets needs the same
   * leadership as Produce, and the admin client retries it until the leader answers.
   */
  static void create(KafkaTestBroker broker, String name, int partitions, Map<String, String> configs) {
    broker.createTopic(name, partitions, configs);
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      query.put(new TopicPartition(name, p), OffsetSpec.latest());
    }
    try (Admin admin = broker.admin()) {
      admin.listOffsets(query).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("topic " + name + " has no answering leaders 60 s after creation", e);
    }
  }

  static void create(KafkaTestBroker broker, String name, int partitions) {
    create(broker, name, partitions, Map.of());
  }
}
