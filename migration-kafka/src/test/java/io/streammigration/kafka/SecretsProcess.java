package io.streammigration.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child JVM of {@link SecretsNeverLeakTest}: configures the source, both sinks and the store
 * with secret-bearing client settings, logs their configurations, and provokes errors, logging
 * each with its stack trace. Runs with DEBUG logging; the parent searches the output for secrets.
 */
public final class SecretsProcess {

  static final String JAAS_SECRET = "JAAS-SECRET-4711";
  static final String TRUSTSTORE_SECRET = "TRUSTSTORE-SECRET-0815";
  static final String KEY_SECRET = "KEY-SECRET-1234";
  static final String TOKEN_SECRET = "TOKEN-SECRET-9999";

  private static final Logger LOG = LoggerFactory.getLogger(SecretsProcess.class);

  private SecretsProcess() {}

  static Map<String, Object> secretSettings() {
    return Map.of(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"" + JAAS_SECRET + "\";",
        "ssl.truststore.password", TRUSTSTORE_SECRET,
        "ssl.key.password", KEY_SECRET,
        "sasl.oauthbearer.assertion.token", TOKEN_SECRET,
        "default.api.timeout.ms", 5000,
        "request.timeout.ms", 5000,
        "max.block.ms", 5000);
  }

  private record Context(String migrationId, DeliveryGuarantee guarantee) implements SinkContext {}

  public static void main(String[] args) {
    String bootstrap = args[0];
    KafkaSourceConfig sourceConfig = KafkaSourceConfig.builder()
        .bootstrapServers(bootstrap).topics("no-such-topic-for-secrets").clientSettings(secretSettings()).build();
    KafkaSinkConfig sinkConfig = KafkaSinkConfig.builder()
        .bootstrapServers(bootstrap).clientSettings(secretSettings())
        .topicMapping(TopicMapping.allTo("no-such-destination-for-secrets")).checkpointTopic("secrets-checkpoints").build();
    LOG.info("source config {}", sourceConfig);
    LOG.info("sink config {}", sinkConfig);
    LOG.info("settings {}", ClientSettings.of(secretSettings()));

    try (KafkaSource source = new KafkaSource(sourceConfig)) {
      source.open(new StandaloneSourceContext("secrets"), Optional.empty());
    } catch (RuntimeException e) {
      LOG.error("source failed as intended", e);
    }
    Record record = new Record(null, new byte[1], Headers.EMPTY, 1L, KafkaPartitions.partitionId("t", 0), Position.of(0));
    try (KafkaSink sink = new KafkaSink(sinkConfig)) {
      sink.open(new Context("secrets", DeliveryGuarantee.AT_LEAST_ONCE));
      sink.write(List.of(record));
      sink.flush();
    } catch (RuntimeException e) {
      LOG.error("sink failed as intended", e);
    }
    try (TransactionalKafkaSink sink = new TransactionalKafkaSink(sinkConfig)) {
      sink.open(new Context("secrets", DeliveryGuarantee.EXACTLY_ONCE));
      sink.recover();
      sink.write(List.of(record));
    } catch (RuntimeException e) {
      LOG.error("transactional sink failed as intended", e);
    }
    try (KafkaCheckpointStore store = KafkaCheckpointStore.open(
        "127.0.0.1:1", ClientSettings.of(secretSettings()), "secrets-store", "secrets", 3)) {
      store.latest();
    } catch (RuntimeException e) {
      LOG.error("store failed as intended", e);
    }
    System.exit(0);
  }
}
