package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink works out each source partition's route once (topic, partition count and, unless
 * records are placed by key, partition). These tests mix source partitions within one batch, so
 * a route used for the wrong partition, or a by-key placement worked out once per partition,
 * would put records in the wrong place.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaSinkRoutingTest {

  private static KafkaTestBroker broker;

  private record Context(String migrationId, DeliveryGuarantee guarantee) implements SinkContext {}

  @Test
  void preserveSendsEachRecordToItsOwnSourcePartitionNumberAndTopicWithinOneMixedBatch() {
    String orders = TestTopics.unique("orders");
    String payments = TestTopics.unique("payments");
    broker.createTopic(orders + "-copy", 4);
    broker.createTopic(payments + "-copy", 4);
    List<Record> batch = List.of(
        record(orders, 0, 10, "o0-a"),
        record(orders, 3, 20, "o3-a"),
        record(payments, 3, 30, "p3-a"),
        record(orders, 0, 11, "o0-b"),
        record(orders, 2, 40, "o2-a"),
        record(orders, 3, 21, "o3-b"),
        record(payments, 1, 31, "p1-a"));

    write(KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topicMapping(TopicMapping.renamed(Map.of(orders, orders + "-copy", payments, payments + "-copy")))
        .build(), batch);

    assertThat(valuesByPartition(orders + "-copy"))
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(0, List.of("o0-a", "o0-b"), 2, List.of("o2-a"), 3, List.of("o3-a", "o3-b"))));
    assertThat(valuesByPartition(payments + "-copy"))
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(1, List.of("p1-a"), 3, List.of("p3-a"))));
  }

  @Test
  void byKeyPlacesEachRecordByItsOwnKeyAndKeylessOnesBySourcePartition() {
    String source = TestTopics.unique("keyed");
    String destination = source + "-copy";
    int partitions = 5;
    broker.createTopic(destination, partitions);
    List<Record> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.add(keyed(source, 0, i, "key-" + i));
    }
    batch.add(keyed(source, 0, 20, null));

    write(KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topicMapping(TopicMapping.allTo(destination))
        .partitioning(Partitioning.BY_KEY)
        .build(), batch);

    SortedMap<Integer, List<String>> expected = new TreeMap<>();
    for (Record r : batch) {
      int partition = r.key() == null
          ? Partitioning.of(r.partition(), partitions)
          : Utils.toPositive(Utils.murmur2(r.key())) % partitions;
      expected.computeIfAbsent(partition, p -> new ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
    }
    assertThat(expected).as("the keys spread over several partitions").hasSizeGreaterThan(1);
    assertThat(valuesByPartition(destination)).containsExactlyEntriesOf(expected);
  }

  @Test
  void aSourcePartitionTheDestinationLacksFailsEveryTimeItIsWritten() {
    String source = TestTopics.unique("narrow");
    broker.createTopic(source + "-copy", 2);
    KafkaSink sink = new KafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topicMapping(TopicMapping.renamed(Map.of(source, source + "-copy")))
        .build());
    sink.open(new Context("routing", DeliveryGuarantee.AT_LEAST_ONCE));
    try {
      // No route is remembered for a partition that failed: the second write fails the same way.
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> sink.write(List.of(record(source, 5, 0, "x"))))
            .isInstanceOf(MigrationException.class)
            .hasMessageContaining("has 2 partitions, fewer than source " + source + "-5 needs");
      }
    } finally {
      sink.close();
    }
  }

  private static void write(KafkaSinkConfig config, List<Record> batch) {
    KafkaSink sink = new KafkaSink(config);
    sink.open(new Context("routing", DeliveryGuarantee.AT_LEAST_ONCE));
    try {
      sink.write(batch);
      sink.flush();
    } finally {
      sink.close();
    }
  }

  private static SortedMap<Integer, List<String>> valuesByPartition(String topic) {
    SortedMap<Integer, List<String>> out = new TreeMap<>();
    TestTopics.readAll(broker, topic, false).forEach((partition, records) -> {
      if (!records.isEmpty()) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        out.put(partition, values);
      }
    });
    return out;
  }

  private static Record record(String topic, int partition, long offset, String value) {
    return keyed(topic, partition, offset, "k", value);
  }

  private static Record keyed(String topic, int partition, long offset, String key) {
    return keyed(topic, partition, offset, key, "v" + offset);
  }

  private static Record keyed(String topic, int partition, long offset, String key, String value) {
    return new Record(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
        Headers.EMPTY, 1L, KafkaPartitions.partitionId(topic, partition), Position.of(offset));
  }
}
