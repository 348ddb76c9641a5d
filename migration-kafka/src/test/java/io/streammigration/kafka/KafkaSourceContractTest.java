package io.streammigration.kafka;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import io.streammigration.testkit.contract.SourceContractTest;
import io.streammigration.testkit.memory.GeneratedStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testkit's source contract, run against {@link KafkaSource} on a real broker. */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaSourceContractTest extends SourceContractTest<String> {

  private static KafkaTestBroker broker;

  @Override
  protected String createEndpoint() {
    String topic = TestTopics.unique("source-contract");
    broker.createTopic(topic, 3);
    return topic;
  }

  @Override
  protected SortedMap<PartitionId, List<Record>> write(String topic, GeneratedStream content) {
    return TestTopics.write(broker, topic, new ArrayList<>(content.byPartition().values()));
  }

  @Override
  protected Source createBoundedSource(String topic) {
    return new KafkaSource(
        KafkaSourceConfig.builder()
            .bootstrapServers(broker.bootstrapServers())
            .topics(topic)
            .bounded(true)
            .build());
  }
}
