package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaCheckpointStoreTest {

  private static KafkaTestBroker broker;

  private KafkaCheckpointStore open(String topic, String migration, int retain) {
    return KafkaCheckpointStore.open(broker.bootstrapServers(), ClientSettings.none(), topic, migration, retain);
  }

  private static Checkpoint checkpoint(long id) {
    return Checkpoint.builder(id)
        .createdAt(Instant.ofEpochMilli(1_700_000_000_000L + id))
        .position(PartitionId.of("orders-0"), Position.of(id * 10))
        .records(id * 10)
        .build();
  }

  @Test
  void savedCheckpointsSurviveReopeningNewestFirstAndPerMigration() {
    String topic = TestTopics.unique("store");
    try (KafkaCheckpointStore a = open(topic, "a", 10); KafkaCheckpointStore b = open(topic, "b", 10)) {
      assertThat(a.latest()).isEmpty();
      a.save(checkpoint(1));
      a.save(checkpoint(2));
      b.save(checkpoint(7));
    }
    try (KafkaCheckpointStore a = open(topic, "a", 10); KafkaCheckpointStore b = open(topic, "b", 10)) {
      assertThat(a.latest()).contains(checkpoint(2));
      assertThat(a.history(5)).containsExactly(checkpoint(2), checkpoint(1));
      assertThat(b.latest()).contains(checkpoint(7));
    }
  }

  @Test
  void anIdNotGreaterThanTheLatestIsRejected() {
    try (KafkaCheckpointStore store = open(TestTopics.unique("store"), "m", 10)) {
      store.save(checkpoint(5));
      assertThatThrownBy(() -> store.save(checkpoint(5))).isInstanceOf(MigrationException.class).hasMessageContaining("5");
      assertThatThrownBy(() -> store.save(checkpoint(4))).isInstanceOf(MigrationException.class);
      assertThat(store.latest()).contains(checkpoint(5));
    }
  }

  @Test
  void onlyTheRetainedNumberOfCheckpointsIsKeptAcrossReopening() {
    String topic = TestTopics.unique("store");
    try (KafkaCheckpointStore store = open(topic, "m", 2)) {
      for (long id = 1; id <= 5; id++) {
        store.save(checkpoint(id));
      }
    }
    try (KafkaCheckpointStore store = open(topic, "m", 2)) {
      assertThat(store.history(10)).containsExactly(checkpoint(5), checkpoint(4));
    }
  }

  @Test
  void rollbackSetsNewerCheckpointsAsideDurably() {
    String topic = TestTopics.unique("store");
    try (KafkaCheckpointStore store = open(topic, "m", 10)) {
      for (long id = 1; id <= 4; id++) {
        store.save(checkpoint(id));
      }
      assertThat(store.rollbackTo(2)).isEqualTo(checkpoint(2));
      assertThatThrownBy(() -> store.rollbackTo(9)).isInstanceOf(MigrationException.class);
    }
    try (KafkaCheckpointStore store = open(topic, "m", 10)) {
      assertThat(store.latest()).contains(checkpoint(2));
      store.save(checkpoint(3));
      assertThat(store.latest()).contains(checkpoint(3));
    }
  }

  @Test
  void aCorruptLatestCheckpointIsReportedByLocationAndNeverUsed() throws Exception {
    String topic = TestTopics.unique("store");
    try (KafkaCheckpointStore store = open(topic, "m", 10)) {
      store.save(checkpoint(1));
    }
    try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(broker)) {
      byte[] key = String.format("m/%019d", 2).getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(topic, 0, key, "not a checkpoint".getBytes(StandardCharsets.UTF_8))).get();
    }
    try (KafkaCheckpointStore store = open(topic, "m", 10)) {
      assertThatThrownBy(store::latest)
          .isInstanceOf(CheckpointCorruptionException.class)
          .hasMessageContaining(topic + "-0@");
      assertThat(store.history(10)).containsExactly(checkpoint(1));
      assertThat(store.rollbackTo(1)).isEqualTo(checkpoint(1));
      assertThat(store.latest()).contains(checkpoint(1));
    }
  }
}
