package io.streammigration.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.spi.Transform;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One instance of a consumer-group migration, for {@link GroupScaleOutTest}: in process, or as
 * a child JVM (arguments: bootstrap servers, source topic, destination topic, migration id,
 * instance name) that runs until killed.
 */
public final class GroupInstanceProcess {

  private GroupInstanceProcess() {}

  public static void main(String[] args) {
    try (Migration migration = instance(args[0], args[1], args[2], args[3], args[4])) {
      migration.run();
    }
  }

  static Migration instance(String bootstrap, String source, String destination, String migrationId, String name) {
    String checkpoints = destination + "-checkpoints";
    // A killed member is noticed after the session timeout; its open transaction is aborted by
    // the broker after the transaction timeout. Both short here so that the test is.
    KafkaSource kafkaSource = new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(bootstrap)
        .topics(source)
        .consumerGroup(migrationId, new CheckpointTopicPositions(bootstrap, ClientSettings.none(), checkpoints))
        .clientSettings(Map.of("session.timeout.ms", 6_000, "heartbeat.interval.ms", 1_000))
        .build());
    TransactionalKafkaSink sink = new TransactionalKafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(bootstrap)
        .topicMapping(TopicMapping.renamed(Map.of(source, destination)))
        .checkpointTopic(checkpoints)
        .positionsPerPartition(true)
        .transactionalId(migrationId + "-" + name)
        .clientSettings(Map.of("transaction.timeout.ms", 8_000))
        .build());
    return Migration.builder()
        .id(migrationId)
        .source(kafkaSource)
        .sink(sink)
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(500).or(CheckpointTrigger.every(Duration.ofMillis(200))))
        .transform(paced())
        .build();
  }

  /** About 2,000 records a second, so that rebalances land mid-migration. */
  private static Transform paced() {
    long[] seen = {0};
    return (record, out) -> {
      if (++seen[0] % 2 == 0) {
        LockSupport.parkNanos(1_000_000);
      }
      out.emit(record);
    };
  }
}
