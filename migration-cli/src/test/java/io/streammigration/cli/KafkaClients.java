package io.streammigration.cli;

import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The plain Kafka clients the CLI tests use around a migration: a producer that fills a source
 * topic, and a count of what a read_committed consumer sees in a destination. Each test shapes
 * its own records; only the clients are shared.
 */
final class KafkaClients {

  private KafkaClients() {}

  /** A producer to {@code broker} with {@code acks=all}; the caller closes it. */
  static KafkaProducer<byte[], byte[]> producer(KafkaTestBroker broker) {
    return producer(broker, Map.of());
  }

  /** As {@link #producer(KafkaTestBroker)}, with {@code settings} added or replacing defaults. */
  static KafkaProducer<byte[], byte[]> producer(KafkaTestBroker broker, Map<String, Object> settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.putAll(settings);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Records of {@code topic} a read_committed consumer sees: read from the beginning until none
   * arrive for half a second.
   */
  static long committedCount(KafkaTestBroker broker, String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long count = 0;
      long idleSince = System.nanoTime();
      while (System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(500)) {
        int n = consumer.poll(Duration.ofMillis(100)).count();
        if (n > 0) {
          count += n;
          idleSince = System.nanoTime();
        }
      }
      return count;
    }
  }
}
