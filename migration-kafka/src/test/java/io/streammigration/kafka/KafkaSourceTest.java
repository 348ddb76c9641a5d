package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the contract suite does not cover: start positions, isolation, timestamps, group offsets. */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaSourceTest {

  private static KafkaTestBroker broker;

  private KafkaSourceConfig.Builder config(String topic) {
    return KafkaSourceConfig.builder().bootstrapServers(broker.bootstrapServers()).topics(topic);
  }

  private static List<Record> values(int from, int to, long baseTimestamp) {
    List<Record> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new Record(null, ("v" + i).getBytes(StandardCharsets.UTF_8), Headers.EMPTY, baseTimestamp + i,
          PartitionId.of("x"), Position.of(i)));
    }
    return out;
  }

  private static List<String> drain(KafkaSource source, int expected) {
    List<String> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (got.size() < expected && !source.isEndOfInput() && System.nanoTime() < deadline) {
      source.poll(100, Duration.ofMillis(100)).forEach(r -> got.add(new String(r.value(), StandardCharsets.UTF_8)));
    }
    return got;
  }

  @Test
  void latestStartsAtTheEndWhenTheSourceOpens() {
    String topic = TestTopics.unique("latest");
    broker.createTopic(topic, 1);
    TestTopics.write(broker, topic, List.of(values(0, 5, 1000)));
    try (KafkaSource source = new KafkaSource(config(topic).startAt(StartPosition.latest()).build())) {
      source.open(new StandaloneSourceContext("m"), Optional.empty());
      TestTopics.write(broker, topic, List.of(values(5, 8, 1000)));
      assertThat(drain(source, 3)).containsExactly("v5", "v6", "v7");
    }
  }

  @Test
  void aTimestampStartsAtTheFirstRecordAtOrAfterIt() {
    String topic = TestTopics.unique("timestamp");
    broker.createTopic(topic, 1);
    TestTopics.write(broker, topic, List.of(values(0, 10, 1_000)));
    try (KafkaSource source = new KafkaSource(
        config(topic).bounded(true).startAt(StartPosition.atTimestamp(Instant.ofEpochMilli(1_005))).build())) {
      source.open(new StandaloneSourceContext("m"), Optional.empty());
      assertThat(drain(source, 100)).containsExactly("v5", "v6", "v7", "v8", "v9");
    }
  }

  @Test
  void readCommittedSkipsAbortedTransactionsAndTimestampsAndTheirTypeAreDelivered() throws Exception {
    String topic = TestTopics.unique("isolation");
    broker.createTopic(topic, 1);
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", broker.bootstrapServers());
    settings.put("transactional.id", "isolation-" + topic);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 0, 111L, null, "aborted".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 0, 222L, null, "committed".getBytes(StandardCharsets.UTF_8)));
      producer.commitTransaction();
    }
    try (KafkaSource source = new KafkaSource(
        config(topic).bounded(true).readCommitted(true).timestampTypeHeader("ts-type").build())) {
      source.open(new StandaloneSourceContext("m"), Optional.empty());
      List<Record> got = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!source.isEndOfInput() && System.nanoTime() < deadline) {
        got.addAll(source.poll(10, Duration.ofMillis(100)));
      }
      assertThat(got).hasSize(1);
      assertThat(got.get(0).value()).asString(StandardCharsets.UTF_8).isEqualTo("committed");
      assertThat(got.get(0).timestamp()).isEqualTo(222L);
      assertThat(got.get(0).headers().lastValue("ts-type")).asString(StandardCharsets.UTF_8).isEqualTo("CreateTime");
    }
  }

  @Test
  void durableCheckpointsAreCommittedToTheGroupForLagTools() throws Exception {
    String topic = TestTopics.unique("lag");
    String group = "lag-" + topic;
    broker.createTopic(topic, 1);
    TestTopics.write(broker, topic, List.of(values(0, 10, 1000)));
    try (KafkaSource source = new KafkaSource(config(topic).groupId(group).build())) {
      source.open(new StandaloneSourceContext("m"), Optional.empty());
      assertThat(drain(source, 10)).hasSize(10);
      source.onCheckpointCommitted(
          Checkpoint.builder(1).position(KafkaPartitions.partitionId(topic, 0), Position.of(6)).build());
      TopicPartition tp = new TopicPartition(topic, 0);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Long committed = null;
      try (var admin = broker.admin()) {
        while (System.nanoTime() < deadline && (committed == null || committed != 7L)) {
          source.poll(1, Duration.ofMillis(100)); // async commits complete inside poll
          Map<TopicPartition, OffsetAndMetadata> offsets = admin
              .listConsumerGroupOffsets(Map.of(group, new ListConsumerGroupOffsetsSpec()))
              .partitionsToOffsetAndMetadata(group).get(10, TimeUnit.SECONDS);
          committed = offsets.get(tp) == null ? null : offsets.get(tp).offset();
        }
      }
      assertThat(committed).as("group offset: the next offset after the checkpoint").isEqualTo(7L);
    }
  }
}
