package io.streammigration.kafka;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import io.streammigration.testkit.contract.SinkContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testkit's at-least-once sink contract, run against {@link KafkaSink} on a real broker. */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaSinkContractTest extends SinkContractTest<KafkaSink, SinkDestinations> {

  private static KafkaTestBroker broker;

  @Override
  protected SinkDestinations createDestination() {
    return SinkDestinations.create(broker);
  }

  @Override
  protected KafkaSink createSink(SinkDestinations destination) {
    return new KafkaSink(destination.config(broker));
  }

  @Override
  protected Map<PartitionId, List<Record>> readDurable(SinkDestinations destination) {
    return destination.read(broker, false);
  }

  @Override
  protected void crash(KafkaSink sink, SinkDestinations destination) {
    sink.abandon();
  }
}
