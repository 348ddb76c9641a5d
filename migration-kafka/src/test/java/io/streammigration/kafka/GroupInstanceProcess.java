package io.streammigration.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.spi.Transform;
import io.streammigration.core.spi.TransactionalSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * One instance of a consumer-group migration, for {@link GroupScaleOutTest} and {@link
 * ZombieFencingTest}: in process, or as a child JVM (arguments: bootstrap servers, source topic,
 * destination topic, migration id, instance name, then optionally "fenced" to fence the sink by
 * the group and a session timeout in milliseconds) that runs until killed or until it fails.
 */
public final class GroupInstanceProcess {

  private GroupInstanceProcess() {}

  public static void main(String[] args) {
    boolean fenced = args.length > 5 && args[5].equals("fenced");
    Map<String, Object> consumer = args.length > 6
        ? Map.of("session.timeout.ms", Integer.parseInt(args[6]), "heartbeat.interval.ms", 300)
        : Map.of();
    try (Migration migration = instance(args[0], args[1], args[2], args[3], args[4], fenced, consumer, s -> s)) {
      migration.run();
    }
  }

  /** An instance whose sink is not fenced by the group (as across clusters). */
  static Migration instance(String bootstrap, String source, String destination, String migrationId, String name) {
    return instance(bootstrap, source, destination, migrationId, name, false, Map.of(), s -> s);
  }

  /**
   * @param fenced whether the sink is {@linkplain TransactionalKafkaSink#fencedBy fenced by} the
   *     source's consumer group
   * @param consumerSettings added to (or replacing) the source consumer's settings
   * @param wrap wraps the sink, for tests that pause it
   */
  static Migration instance(String bootstrap, String source, String destination, String migrationId, String name,
      boolean fenced, Map<String, Object> consumerSettings, UnaryOperator<TransactionalSink> wrap) {
    return instance(bootstrap, source, destination, migrationId, name, fenced, consumerSettings, wrap, b -> b);
  }

  /** As above, with {@code tune} applied to the migration's builder last. */
  static Migration instance(String bootstrap, String source, String destination, String migrationId, String name,
      boolean fenced, Map<String, Object> consumerSettings, UnaryOperator<TransactionalSink> wrap,
      UnaryOperator<Migration.Builder> tune) {
    String checkpoints = destination + "-checkpoints";
    // A killed member is noticed after the session timeout; its open transaction is aborted by
    // the broker after the transaction timeout. Both short here so that the test is.
    Map<String, Object> consumer = new HashMap<>(Map.of("session.timeout.ms", 6_000, "heartbeat.interval.ms", 1_000));
    consumer.putAll(consumerSettings);
    KafkaSource kafkaSource = new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(bootstrap)
        .topics(source)
        .consumerGroup(migrationId, new CheckpointTopicPositions(bootstrap, ClientSettings.none(), checkpoints))
        .clientSettings(consumer)
        .build());
    TransactionalKafkaSink sink = new TransactionalKafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(bootstrap)
        .topicMapping(TopicMapping.renamed(Map.of(source, destination)))
        .checkpointTopic(checkpoints)
        .positionsPerPartition(true)
        .transactionalId(migrationId + "-" + name)
        // Long enough that a paused fenced instance is stopped by the group, not by the broker
        // aborting its transaction; short enough that a killed one's ends soon.
        .clientSettings(Map.of("transaction.timeout.ms", fenced ? 30_000 : 8_000))
        .build());
    return tune.apply(Migration.builder()
        .id(migrationId)
        .source(kafkaSource)
        .sink(wrap.apply(fenced ? sink.fencedBy(kafkaSource) : sink))
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(500).or(CheckpointTrigger.every(Duration.ofMillis(200))))
        .transform(paced()))
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
