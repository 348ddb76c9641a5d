package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A commit whose outcome the sink cannot know: the broker goes away while the commit is under way
 * and comes back. The sink must not guess. Whichever way it decides (commit returned, or threw
 * saying the checkpoint was not committed), the destination and the recovered checkpoint must
 * agree with that decision.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class UnknownCommitOutcomeTest {

  private static KafkaTestBroker broker;

  private record Context(String migrationId, DeliveryGuarantee guarantee) implements SinkContext {}

  @Test
  void aCommitInterruptedByABrokerOutageIsResolvedByReadingTheCommittedCheckpointBack() throws Exception {
    String destination = TestTopics.unique("unknown-outcome");
    broker.createTopic(destination, 1);
    KafkaSinkConfig config = KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topicMapping(TopicMapping.allTo(destination))
        .checkpointTopic(destination + "-checkpoints")
        .clientSettings(Map.of("max.block.ms", 4_000, "request.timeout.ms", 2_000, "delivery.timeout.ms", 60_000))
        .build();
    Context context = new Context("unknown-" + destination, DeliveryGuarantee.EXACTLY_ONCE);

    // TRUE: commit returned; FALSE: commit said it was not committed; null: it could not tell yet
    Boolean committed;
    try (TransactionalKafkaSink sink = new TransactionalKafkaSink(config)) {
      sink.open(context);
      sink.recover();
      sink.write(records(0, 5));
      sink.commit(checkpoint(1, 4));
      sink.write(records(5, 10));
      broker.stop();
      Thread restart = new Thread(broker::start);
      restart.start();
      try {
        sink.commit(checkpoint(2, 9));
        committed = true;
      } catch (MigrationException e) {
        committed = e.getMessage().contains("checkpoint 2") && e.getMessage().contains("not committed") ? false : null;
      }
      restart.join();
    }

    List<String> visible = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> list : TestTopics.readAll(broker, destination, true).values()) {
      list.forEach(r -> visible.add(new String(r.value(), StandardCharsets.UTF_8)));
    }
    Optional<Checkpoint> recovered;
    try (TransactionalKafkaSink next = new TransactionalKafkaSink(config)) {
      next.open(context);
      recovered = next.recover();
    }
    if (committed != null) {
      assertThat(recovered).as("recovered after commit said committed=%s", committed)
          .contains(committed ? checkpoint(2, 9) : checkpoint(1, 4));
    }
    // Whatever was decided, data and checkpoint went together.
    if (recovered.equals(Optional.of(checkpoint(2, 9)))) {
      assertThat(visible).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    } else {
      assertThat(recovered).contains(checkpoint(1, 4));
      assertThat(visible).containsExactly("v0", "v1", "v2", "v3", "v4");
    }
  }

  private static List<Record> records(int from, int to) {
    List<Record> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new Record(null, ("v" + i).getBytes(StandardCharsets.UTF_8), Headers.EMPTY, 1L,
          KafkaPartitions.partitionId("src", 0), Position.of(i)));
    }
    return out;
  }

  private static Checkpoint checkpoint(long id, long offset) {
    return Checkpoint.builder(id).position(KafkaPartitions.partitionId("src", 0), Position.of(offset)).build();
  }
}
