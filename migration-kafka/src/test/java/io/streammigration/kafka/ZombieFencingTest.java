package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A zombie: an instance that paused (GC, a frozen VM) past its transaction timeout while a new
 * instance of the same migration took over, then resumed as if nothing happened. The new
 * instance's recover() must fence it; none of the zombie's writes, before or after its pause, may
 * become visible, and the zombie must learn it is fenced.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ZombieFencingTest {

  private static KafkaTestBroker broker;

  private record Context(String migrationId, DeliveryGuarantee guarantee) implements SinkContext {}

  @Test
  void aResumedZombieIsFencedAndNoneOfItsWritesBecomeVisible() throws Exception {
    String destination = TestTopics.unique("zombie");
    broker.createTopic(destination, 1);
    KafkaSinkConfig config = KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topicMapping(TopicMapping.allTo(destination))
        .checkpointTopic(destination + "-checkpoints")
        .clientSettings(Map.of("transaction.timeout.ms", 2_000))
        .build();
    Context context = new Context("zombie-" + destination, DeliveryGuarantee.EXACTLY_ONCE);

    TransactionalKafkaSink zombie = new TransactionalKafkaSink(config);
    zombie.open(context);
    zombie.recover();
    zombie.write(records("zombie", 0, 5));
    Thread.sleep(3_000); // paused past transaction.timeout.ms

    try (TransactionalKafkaSink successor = new TransactionalKafkaSink(config)) {
      successor.open(context);
      assertThat(successor.recover()).isEmpty();
      successor.write(records("successor", 0, 5));
      successor.commit(checkpoint(1, 4));
    }

    zombie.write(records("zombie", 5, 10));
    assertThatThrownBy(() -> zombie.commit(checkpoint(2, 9)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("fenced");
    zombie.close();

    List<String> visible = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> list : TestTopics.readAll(broker, destination, true).values()) {
      list.forEach(r -> visible.add(new String(r.value(), StandardCharsets.UTF_8)));
    }
    assertThat(visible).containsExactly("successor-0", "successor-1", "successor-2", "successor-3", "successor-4");
    try (TransactionalKafkaSink next = new TransactionalKafkaSink(config)) {
      next.open(context);
      assertThat(next.recover()).contains(checkpoint(1, 4));
    }
  }

  private static List<Record> records(String writer, int from, int to) {
    List<Record> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new Record(null, (writer + "-" + i).getBytes(StandardCharsets.UTF_8), Headers.EMPTY, 1L,
          KafkaPartitions.partitionId("src", 0), Position.of(i)));
    }
    return out;
  }

  private static Checkpoint checkpoint(long id, long offset) {
    return Checkpoint.builder(id).position(KafkaPartitions.partitionId("src", 0), Position.of(offset)).build();
  }
}
