package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Configuration validation and the partition-id mapping, without a broker. */
class KafkaConfigTest {

  @Property
  void everyTopicPartitionRoundTripsThroughItsPartitionId(
      @ForAll @StringLength(min = 1, max = 40) String topicChars, @ForAll @IntRange(min = 0, max = 100_000) int partition) {
    // Kafka topic names: letters, digits, '.', '_' and '-'
    String topic = topicChars.replaceAll("[^a-zA-Z0-9._-]", "-");
    PartitionId id = KafkaPartitions.partitionId(topic, partition);
    assertThat(id.name()).isEqualTo(topic + "-" + partition);
    assertThat(KafkaPartitions.topicPartition(id)).contains(new TopicPartition(topic, partition));
  }

  @Test
  void nonKafkaPartitionIdsAreRecognisedAsSuch() {
    for (String name : new String[] {"p0", "orders", "orders-", "-3", "orders-03", "orders-x1", "orders-99999999999"}) {
      assertThat(KafkaPartitions.topicPartition(PartitionId.of(name))).as(name).isEmpty();
    }
    assertThat(KafkaPartitions.offset(Position.of(42))).isEqualTo(42);
    assertThatThrownBy(() -> KafkaPartitions.offset(Position.of(1, 42))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidSourceSettingsAreRefusedByName() {
    assertThat(setting(() -> KafkaSourceConfig.builder().topics("t").build())).isEqualTo("bootstrapServers");
    assertThat(setting(() -> KafkaSourceConfig.builder().bootstrapServers("b:9092").build())).isEqualTo("topics");
    assertThat(setting(() -> KafkaSourceConfig.builder().bootstrapServers("b:9092").topics("t").partition("t", 1).build()))
        .isEqualTo("partition");
    assertThat(setting(() -> KafkaSourceConfig.builder().bootstrapServers("b:9092").topics("t")
        .clientSettings(Map.of("group.id", "g")).build())).isEqualTo("clientSettings");
  }

  @Test
  void groupModeReadsWholeUnboundedTopicsOnly() {
    CommittedPositions none = (migration, partitions) -> Map.of();
    assertThat(setting(() -> KafkaSourceConfig.builder().bootstrapServers("b:9092").topics("t")
        .consumerGroup("g", none).bounded(true).build())).isEqualTo("consumerGroup");
    assertThat(setting(() -> KafkaSourceConfig.builder().bootstrapServers("b:9092").partition("t", 0)
        .consumerGroup("g", none).build())).isEqualTo("consumerGroup");
    KafkaSourceConfig config = KafkaSourceConfig.builder().bootstrapServers("b:9092").topics("t").consumerGroup("g", none).build();
    assertThat(config.groupMode()).isTrue();
    assertThat(config.groupId()).contains("g");
  }

  @Test
  void sinkSettingsThatWouldWeakenAGuaranteeAreRefusedByName() {
    assertThat(setting(() -> KafkaSinkConfig.builder().build())).isEqualTo("bootstrapServers");
    assertThat(setting(() -> KafkaSinkConfig.builder().bootstrapServers("b:9092").clientSettings(Map.of("acks", "1")).build()))
        .isEqualTo("clientSettings");
    assertThat(setting(() -> KafkaSinkConfig.builder().bootstrapServers("b:9092")
        .clientSettings(Map.of("enable.idempotence", "false")).build())).isEqualTo("clientSettings");
    assertThat(setting(() -> KafkaSinkConfig.builder().bootstrapServers("b:9092")
        .clientSettings(Map.of("transactional.id", "x")).build())).isEqualTo("clientSettings");
    assertThat(setting(() -> KafkaSinkConfig.builder().bootstrapServers("b:9092").checkpointTopic(" ").build()))
        .isEqualTo("checkpointTopic");
  }

  @Test
  void topicMappingsFailClearlyInsteadOfGuessing() {
    TopicMapping renamed = TopicMapping.renamed(Map.of("orders", "orders-v2"));
    assertThat(renamed.destinationTopic(PartitionId.of("orders-3"))).isEqualTo("orders-v2");
    assertThatThrownBy(() -> renamed.destinationTopic(PartitionId.of("payments-0")))
        .isInstanceOf(MigrationException.class).hasMessageContaining("payments");
    assertThatThrownBy(() -> TopicMapping.sameTopic().destinationTopic(PartitionId.of("p0")))
        .isInstanceOf(MigrationException.class).hasMessageContaining("allTo");
  }

  @Test
  void fencingByTheGroupIsRefusedWhereItCannotHold() {
    CommittedPositions none = (migrationId, partitions) -> Map.of();
    KafkaSinkConfig perPartition = KafkaSinkConfig.builder().bootstrapServers("b:9092").positionsPerPartition(true).build();
    KafkaSource assigned = new KafkaSource(KafkaSourceConfig.builder().bootstrapServers("a:9092").topics("t").build());
    assertThatThrownBy(() -> new TransactionalKafkaSink(perPartition).fencedBy(assigned))
        .isInstanceOf(MigrationConfigException.class).hasMessageContaining("not in consumer-group mode");

    KafkaSource grouped = new KafkaSource(
        KafkaSourceConfig.builder().bootstrapServers("a:9092").topics("t").consumerGroup("g", none).build());
    KafkaSinkConfig whole = KafkaSinkConfig.builder().bootstrapServers("b:9092").build();
    assertThatThrownBy(() -> new TransactionalKafkaSink(whole).fencedBy(grouped))
        .isInstanceOf(MigrationConfigException.class).hasMessageContaining("positionsPerPartition(true)");

    for (Map<String, Object> cooperative : java.util.List.<Map<String, Object>>of(
        Map.of("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
        Map.of("partition.assignment.strategy", java.util.List.of(
            org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class)),
        Map.of("group.protocol", "consumer"))) {
      KafkaSource source = new KafkaSource(KafkaSourceConfig.builder().bootstrapServers("a:9092").topics("t")
          .consumerGroup("g", none).clientSettings(cooperative).build());
      assertThatThrownBy(() -> new TransactionalKafkaSink(perPartition).fencedBy(source))
          .as("%s", cooperative).isInstanceOf(MigrationConfigException.class).hasMessageContaining("eager");
    }
    for (Object eager : new Object[] {
        "org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        java.util.List.of(org.apache.kafka.clients.consumer.StickyAssignor.class)}) {
      KafkaSource source = new KafkaSource(KafkaSourceConfig.builder().bootstrapServers("a:9092").topics("t")
          .consumerGroup("g", none).clientSettings(Map.of("partition.assignment.strategy", eager)).build());
      assertThat(new TransactionalKafkaSink(perPartition).fencedBy(source)).as("%s", eager).isNotNull();
    }

    TransactionalKafkaSink fenced = new TransactionalKafkaSink(perPartition).fencedBy(grouped);
    assertThatThrownBy(() -> new TransactionalKafkaSink(perPartition).fencedBy(grouped))
        .isInstanceOf(MigrationConfigException.class).hasMessageContaining("already fences another sink");
    assertThatThrownBy(() -> fenced.fencedBy(grouped))
        .isInstanceOf(MigrationConfigException.class).hasMessageContaining("already fenced");
  }

  private static String setting(Runnable build) {
    try {
      build.run();
    } catch (MigrationConfigException e) {
      return e.setting();
    }
    throw new AssertionError("no MigrationConfigException");
  }
}
