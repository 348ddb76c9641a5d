package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where records go in the destination cluster: maps each record to a topic and partition (checking
 * once per topic, through an admin client, that the topic exists and has the partitions needed),
 * sends it, and remembers the first failed send so the sink reports it at flush or commit.
 *
 * <p>Writer thread only, except the send callbacks, which the producer's I/O thread runs.
 */
final class Destination implements AutoCloseable {

  /** Stands for "no source record" in the error of a failed checkpoint-record send. */
  private static final PartitionId CHECKPOINT = PartitionId.of("(checkpoint record)");

  private final KafkaSinkConfig config;
  private final Admin admin;
  private final Map<String, Integer> partitionCounts = new HashMap<>();
  /** The route of each source partition seen: worked out once, not per record. */
  private final Map<PartitionId, Route> routes = new HashMap<>();
  private volatile MigrationException firstFailure;

  Destination(KafkaSinkConfig config) {
    this.config = config;
    Map<String, Object> settings = new HashMap<>(config.clientSettings().asMap());
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // Producer-only settings would make the admin client warn; pass only what it understands.
    settings.keySet().retainAll(AdminClientConfig.configNames());
    try {
      this.admin = Admin.create(settings);
    } catch (KafkaException e) {
      throw new MigrationException("creating an admin client for " + config.bootstrapServers() + " failed: " + e, e);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(KafkaSinkConfig config, String clientId, Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(config.clientSettings().asMap());
    settings.put("bootstrap.servers", config.bootstrapServers());
    settings.putIfAbsent("client.id", clientId);
    settings.put("enable.idempotence", true);
    settings.put("acks", "all");
    settings.putAll(overrides);
    return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends every record; failures are remembered and reported by {@link #throwIfFailed()}. */
  void send(KafkaProducer<byte[], byte[]> producer, List<Record> records) {
    throwIfFailed();
    Route route = null;
    for (int i = 0, n = records.size(); i < n; i++) {
      Record record = records.get(i);
      // A batch holds runs of one source partition: look its route up when the partition changes.
      if (route == null || route.source != record.partition()) {
        route = route(record);
      }
      String topic = route.topic;
      int partition = route.partition >= 0
          ? route.partition
          : config.partitioning().partitionFor(record, topic, route.partitionCount);
      ProducerRecord<byte[], byte[]> out =
          new ProducerRecord<>(topic, partition, record.timestamp(), record.key(), record.value(), headers(record));
      try {
        producer.send(
            out,
            (metadata, error) -> {
              if (error != null && firstFailure == null) {
                firstFailure = writeFailure(topic, partition, record.partition(), record.position(), error);
              }
            });
      } catch (KafkaException e) {
        throw writeFailure(topic, partition, record.partition(), record.position(), e);
      }
    }
  }

  /** Sends a record the sink itself made (a checkpoint) to {@code topic}. */
  void send(String topic, KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null && firstFailure == null) {
              firstFailure = writeFailure(topic, record.partition(), CHECKPOINT, Position.of(0), error);
            }
          });
    } catch (KafkaException e) {
      throw writeFailure(topic, record.partition(), CHECKPOINT, Position.of(0), e);
    }
  }

  /**
   * A failed send: {@link KafkaAuthorizationException} if the principal may not write there, else
   * a {@link KafkaWriteException} naming the record.
   */
  private MigrationException writeFailure(
      String topic, int partition, PartitionId sourcePartition, Position sourcePosition, Throwable error) {
    MigrationException failure = new KafkaWriteException(topic, partition, sourcePartition, sourcePosition, error);
    return KafkaAuthorizationException.in(error, "writing to topic " + topic, topic, "WRITE and DESCRIBE",
            config.transactionalId().orElse(null), config.bootstrapServers(), config.clientSettings())
        .<MigrationException>map(refused -> {
          refused.addSuppressed(failure);
          return refused;
        })
        .orElse(failure);
  }

  /** Throws the first send failure seen, if any. */
  void throwIfFailed() {
    MigrationException failure = firstFailure;
    if (failure != null) {
      throw failure;
    }
  }

  /** The id of the destination cluster. Blocks briefly. */
  String clusterId() {
    try {
      return admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new MigrationException("cannot find the id of the destination cluster " + config.bootstrapServers() + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new MigrationException("finding the id of the destination cluster " + config.bootstrapServers() + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted finding the id of the destination cluster", e);
    }
  }

  /** Creates {@code topic} compacted with one partition if it does not exist. */
  void ensureCheckpointTopic(String topic) {
    CheckpointTopic.ensureExists(admin, topic, config.bootstrapServers(), config.clientSettings());
  }

  /**
   * Where records of one source partition go: the destination topic (the {@link TopicMapping} is a
   * function of the source partition) and, unless the partitioning looks at each record's key, the
   * destination partition; {@code partition} is -1 when it does.
   */
  private record Route(PartitionId source, String topic, int partitionCount, int partition) {}

  private Route route(Record record) {
    Route route = routes.get(record.partition());
    if (route == null) {
      String topic = config.topicMapping().destinationTopic(record.partition());
      int count = partitionCount(topic);
      int partition = config.partitioning().byKey() ? -1 : config.partitioning().partitionFor(record, topic, count);
      route = new Route(record.partition(), topic, count, partition);
      routes.put(record.partition(), route);
    }
    return route;
  }

  private int partitionCount(String topic) {
    Integer count = partitionCounts.get(topic);
    if (count == null) {
      count = describe(topic).partitions().size();
      partitionCounts.put(topic, count);
    }
    return count;
  }

  private TopicDescription describe(String topic) {
    try {
      return admin.describeTopics(Set.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new MigrationException("destination topic " + topic + " does not exist on " + config.bootstrapServers()
            + "; create it first (the sink never creates data topics)");
      }
      KafkaAuthorizationException.in(e.getCause(), "describing destination topic " + topic, topic, "WRITE and DESCRIBE",
          null, config.bootstrapServers(), config.clientSettings()).ifPresent(refused -> {
            throw refused;
          });
      throw new MigrationException("cannot describe destination topic " + topic + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new MigrationException("describing destination topic " + topic + " timed out after 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted describing destination topic " + topic, e);
    }
  }

  private static Iterable<org.apache.kafka.common.header.Header> headers(Record record) {
    if (record.headers().isEmpty()) {
      return null;
    }
    List<org.apache.kafka.common.header.Header> out = new ArrayList<>(record.headers().size());
    for (Header h : record.headers()) {
      out.add(new RecordHeader(h.name(), h.value()));
    }
    return out;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
