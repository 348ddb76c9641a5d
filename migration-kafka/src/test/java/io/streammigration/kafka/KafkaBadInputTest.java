package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each kind of bad input gives a typed error that says where, and loses nothing. */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaBadInputTest {

  private static KafkaTestBroker broker;

  private record Context(String migrationId, io.streammigration.core.engine.DeliveryGuarantee guarantee)
      implements io.streammigration.core.spi.SinkContext {}

  private static final Context AT_LEAST_ONCE =
      new Context("bad-input", io.streammigration.core.engine.DeliveryGuarantee.AT_LEAST_ONCE);

  private KafkaSinkConfig.Builder sinkConfig() {
    return KafkaSinkConfig.builder().bootstrapServers(broker.bootstrapServers());
  }

  private static Record record(String topic, int partition, long offset, byte[] value) {
    return new Record("k".getBytes(StandardCharsets.UTF_8), value, Headers.EMPTY, 1L,
        KafkaPartitions.partitionId(topic, partition), Position.of(offset));
  }

  @Test
  void aMissingSourceTopicIsNamedWhenTheSourceOpens() {
    String missing = TestTopics.unique("missing");
    KafkaSource source = new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topics(missing)
        .clientSettings(Map.of("default.api.timeout.ms", 5000))
        .build());
    assertThatThrownBy(() -> source.open(new StandaloneSourceContext("m"), Optional.empty()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("source topic " + missing + " does not exist");
    source.close();
  }

  @Test
  void aMissingDestinationTopicIsNamedAtTheFirstWrite() {
    String missing = TestTopics.unique("missing");
    try (KafkaSink sink = new KafkaSink(sinkConfig().topicMapping(TopicMapping.allTo(missing)).build())) {
      sink.open(AT_LEAST_ONCE);
      assertThatThrownBy(() -> sink.write(List.of(record("src", 0, 0, new byte[1]))))
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("destination topic " + missing + " does not exist");
    }
  }

  @Test
  void aDestinationWithFewerPartitionsThanPreserveNeedsIsRefusedByName() {
    String destination = TestTopics.unique("narrow");
    broker.createTopic(destination, 2);
    try (KafkaSink sink = new KafkaSink(sinkConfig().topicMapping(TopicMapping.allTo(destination)).build())) {
      sink.open(AT_LEAST_ONCE);
      assertThatThrownBy(() -> sink.write(List.of(record("orders", 3, 0, new byte[1]))))
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining(destination + " has 2 partitions")
          .hasMessageContaining("orders-3");
    }
  }

  @Test
  void aRecordLargerThanMaxRequestSizeFailsNamingTopicPartitionAndSourcePosition() {
    String destination = TestTopics.unique("small-requests");
    broker.createTopic(destination, 1);
    KafkaSinkConfig config = sinkConfig()
        .topicMapping(TopicMapping.allTo(destination))
        .partitioning(Partitioning.BY_SOURCE_PARTITION)
        .clientSettings(Map.of("max.request.size", 10_000))
        .build();
    try (KafkaSink sink = new KafkaSink(config)) {
      sink.open(AT_LEAST_ONCE);
      assertThatThrownBy(() -> {
            sink.write(List.of(record("orders", 0, 41, new byte[10]), record("orders", 0, 42, new byte[50_000])));
            sink.flush();
          })
          .isInstanceOfSatisfying(KafkaWriteException.class, e -> {
            assertThat(e.topic()).isEqualTo(destination);
            assertThat(e.partition()).isZero();
            assertThat(e.sourcePartition()).isEqualTo(PartitionId.of("orders-0"));
            assertThat(e.sourcePosition()).isEqualTo(Position.of(42));
            assertThat(e).hasRootCauseInstanceOf(RecordTooLargeException.class);
          });
    }
  }

  @Test
  void aCheckpointBelowTheLogStartFailsNamingTheMissingRangeUnlessSkippingIsAllowed() throws Exception {
    String topic = TestTopics.unique("retention");
    broker.createTopic(topic, 1);
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(record("x", 0, i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
    }
    TestTopics.write(broker, topic, List.of(records));
    try (var admin = broker.admin()) {
      admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(10)))
          .all().get(30, TimeUnit.SECONDS);
    }
    Checkpoint at3 = Checkpoint.builder(1).position(KafkaPartitions.partitionId(topic, 0), Position.of(3)).build();

    KafkaSource failing = source(topic, GapPolicy.FAIL);
    assertThatThrownBy(() -> failing.open(new StandaloneSourceContext("m"), Optional.of(at3)))
        .isInstanceOfSatisfying(MissingOffsetsException.class, e -> {
          assertThat(e.topic()).isEqualTo(topic);
          assertThat(e.partition()).isZero();
          assertThat(e.fromOffset()).isEqualTo(4);
          assertThat(e.toOffset()).isEqualTo(9);
        });
    failing.close();

    try (KafkaSource skipping = source(topic, GapPolicy.SKIP_AND_COUNT)) {
      skipping.open(new StandaloneSourceContext("m"), Optional.of(at3));
      List<Record> got = new ArrayList<>();
      while (!skipping.isEndOfInput()) {
        got.addAll(skipping.poll(100, Duration.ofMillis(200)));
      }
      assertThat(got).extracting(r -> r.position().offset()).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
      assertThat(skipping.skippedOffsets()).isEqualTo(6);
    }
  }

  private KafkaSource source(String topic, GapPolicy policy) {
    return new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(broker.bootstrapServers()).topics(topic).bounded(true).gapPolicy(policy).build());
  }
}
