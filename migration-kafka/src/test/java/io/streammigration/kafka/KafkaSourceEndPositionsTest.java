package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import io.streammigration.testkit.memory.InMemoryDestination;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link KafkaSource#endPositions()}: exact where it can be, and lag reaches 0 when caught up. */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaSourceEndPositionsTest {

  private static KafkaTestBroker broker;

  @Test
  void lagIsZeroOnceABoundedMigrationHasCaughtUp() {
    String topic = TestTopics.unique("end-positions");
    broker.createTopic(topic, 2);
    SortedMap<PartitionId, List<Record>> written = write(topic, 2, 1_000);
    KafkaSource source =
        new KafkaSource(
            KafkaSourceConfig.builder()
                .bootstrapServers(broker.bootstrapServers())
                .topics(topic)
                .readCommitted(false)
                .bounded(true)
                .build());
    InMemoryDestination destination = new InMemoryDestination();

    try (Migration migration =
        Migration.builder()
            .id("end-positions")
            .source(source)
            .sink(destination.newTransactionalSink())
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .build()) {
      MigrationResult result = migration.run();

      assertThat(result.records()).isEqualTo(2_000);
      assertThat(migration.status().lag()).hasValue(0);
      Map<PartitionId, Long> partitionLag = migration.status().partitionLag();
      assertThat(partitionLag).containsOnlyKeys(written.keySet()).allSatisfy((p, lag) -> assertThat(lag).isZero());
    }
  }

  @Test
  void readUncommittedReportsTheLastOffsetBeforeReadingAndReadCommittedOnlyOnceCaughtUp() {
    String topic = TestTopics.unique("end-positions-modes");
    broker.createTopic(topic, 1);
    SortedMap<PartitionId, List<Record>> written = write(topic, 1, 100);
    PartitionId p0 = KafkaPartitions.partitionId(topic, 0);
    Position last = written.get(p0).get(99).position();

    for (boolean readCommitted : new boolean[] {false, true}) {
      KafkaSource source =
          new KafkaSource(
              KafkaSourceConfig.builder()
                  .bootstrapServers(broker.bootstrapServers())
                  .topics(topic)
                  .readCommitted(readCommitted)
                  .build());
      source.open(new io.streammigration.testkit.memory.StandaloneSourceContext("m"), java.util.Optional.empty());
      try {
        // Before anything is read only read_uncommitted can tell.
        assertThat(source.endPositions())
            .isEqualTo(readCommitted ? Map.of() : Map.of(p0, last));
        int read = 0;
        while (read < 100) {
          read += source.poll(1_000, java.time.Duration.ofMillis(200)).size();
        }
        assertThat(source.endPositions()).isEqualTo(Map.of(p0, last));
      } finally {
        source.close();
      }
    }
  }

  private static SortedMap<PartitionId, List<Record>> write(String topic, int partitions, int perPartition) {
    List<List<Record>> content = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < perPartition; i++) {
        byte[] value = ("v" + p + "-" + i).getBytes(StandardCharsets.UTF_8);
        records.add(
            new Record(
                ("k" + i).getBytes(StandardCharsets.UTF_8),
                value,
                io.streammigration.core.record.Headers.EMPTY,
                System.currentTimeMillis(),
                PartitionId.of("in-" + p),
                Position.of(i)));
      }
      content.add(records);
    }
    return TestTopics.write(broker, topic, content);
  }
}
