package io.streammigration.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.spi.Transform;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link ExactlyOnceKillTest}: migrates one topic to another (same partitions)
 * in EXACTLY_ONCE mode until the source's end, then exits 0. The parent kills it with SIGKILL at
 * random moments and starts it again; each start resumes from the committed checkpoint.
 *
 * <p>Arguments: bootstrap servers, source topic, destination topic, checkpoint topic, migration
 * id, records per second (a throttle, so that a kill lands mid-migration; 0 for none).
 */
public final class ExactlyOnceMigrationProcess {

  private ExactlyOnceMigrationProcess() {}

  public static void main(String[] args) {
    String bootstrap = args[0];
    String source = args[1];
    String destination = args[2];
    String checkpoints = args[3];
    String id = args[4];
    long perSecond = Long.parseLong(args[5]);
    try (Migration migration = migration(bootstrap, source, destination, checkpoints, id, perSecond, Map.of())) {
      migration.run();
    }
    System.exit(0);
  }

  /** The migration the child runs; tests run it in process too. */
  static Migration migration(
      String bootstrap, String source, String destination, String checkpoints, String id, long perSecond,
      Map<String, ?> clientSettings) {
    KafkaSource kafkaSource =
        new KafkaSource(KafkaSourceConfig.builder()
            .bootstrapServers(bootstrap).topics(source).bounded(true).clientSettings(clientSettings).build());
    TransactionalKafkaSink sink =
        new TransactionalKafkaSink(
            KafkaSinkConfig.builder()
                .bootstrapServers(bootstrap)
                .topicMapping(TopicMapping.renamed(Map.of(source, destination)))
                .partitioning(Partitioning.PRESERVE)
                .checkpointTopic(checkpoints)
                .clientSettings(clientSettings)
                .build());
    return Migration.builder()
            .id(id)
            .source(kafkaSource)
            .sink(sink)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .checkpointTrigger(CheckpointTrigger.everyRecords(2_000).or(CheckpointTrigger.every(Duration.ofMillis(200))))
            .transform(perSecond > 0 ? pace(perSecond) : Transform.identity())
            .build();
  }

  /** Sleeps a millisecond every {@code perSecond / 1000} records: roughly that many records a second. */
  private static Transform pace(long perSecond) {
    long every = Math.max(1, perSecond / 1000);
    long[] seen = {0};
    return (record, out) -> {
      if (++seen[0] % every == 0) {
        LockSupport.parkNanos(1_000_000);
      }
      out.emit(record);
    };
  }
}
