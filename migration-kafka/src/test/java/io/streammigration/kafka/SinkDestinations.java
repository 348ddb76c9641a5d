package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A destination for the sink contract suites: one topic whose partitions each receive one source
 * partition whole ({@link Partitioning#BY_SOURCE_PARTITION}), so the suites' "grouped by source
 * partition" reading is the destination's partitions, and a checkpoint topic of its own.
 */
record SinkDestinations(String topic, String checkpointTopic) {


  /** Every source partition name the suites write. */
  private static final List<PartitionId> SOURCE_PARTITIONS =
      List.of(PartitionId.of("p0"), PartitionId.of("p1"), PartitionId.of("p2"),
          PartitionId.of("contract-a"), PartitionId.of("contract-b"));

  /** The smallest partition count from 8 up that gives every source partition its own. */
  static final int PARTITIONS = collisionFreeCount();

  private static int collisionFreeCount() {
    for (int n = 8; ; n++) {
      int count = n;
      if (SOURCE_PARTITIONS.stream().map(p -> Partitioning.of(p, count)).distinct().count() == SOURCE_PARTITIONS.size()) {
        return n;
      }
    }
  }

  static SinkDestinations create(KafkaTestBroker broker) {
    String topic = TestTopics.unique("sink-contract");
    broker.createTopic(topic, PARTITIONS);
    return new SinkDestinations(topic, topic + "-checkpoints");
  }

  KafkaSinkConfig config(KafkaTestBroker broker) {
    return KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topicMapping(TopicMapping.allTo(topic))
        .partitioning(Partitioning.BY_SOURCE_PARTITION)
        .checkpointTopic(checkpointTopic)
        .build();
  }

  Map<PartitionId, List<Record>> read(KafkaTestBroker broker, boolean readCommitted) {
    Map<Integer, PartitionId> sourceOf = new HashMap<>();
    for (PartitionId p : SOURCE_PARTITIONS) {
      PartitionId previous = sourceOf.put(Partitioning.of(p, PARTITIONS), p);
      assertThat(previous).as("two source partitions hash to one destination partition").isNull();
    }
    Map<PartitionId, List<Record>> out = new TreeMap<>();
    TestTopics.readAll(broker, topic, readCommitted)
        .forEach(
            (partition, records) -> {
              List<Record> list = new ArrayList<>();
              for (ConsumerRecord<byte[], byte[]> r : records) {
                list.add(new Record(r.key(), r.value(), TestTopics.headersOf(r), r.timestamp(),
                    sourceOf.get(partition), Position.of(r.offset())));
              }
              out.put(sourceOf.get(partition), list);
            });
    return out;
  }
}
