package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * Writes records to Kafka topics with an idempotent producer ({@code enable.idempotence=true},
 * {@code acks=all}): the AT_LEAST_ONCE sink. Retries never duplicate or reorder a partition's
 * records within one producer session; a crash replays at most one checkpoint interval.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open}: creates the producer and an admin client. Blocks briefly.
 *   <li>{@link #write}: sends each record to the topic and partition the {@link TopicMapping} and
 *       {@link Partitioning} choose; the first time a topic is used, checks it exists (and has
 *       enough partitions for {@link Partitioning#PRESERVE}). Blocks only when the producer's
 *       buffer is full.
 *   <li>{@link #flush()}: waits for every send to be acknowledged by all in-sync replicas; a
 *       failed send surfaces here (or at the next write) as a {@link KafkaWriteException} naming
 *       destination topic, partition and source position.
 *   <li>{@link #close()}: closes the producer within the close timeout. Idempotent.
 * </ol>
 *
 * <p><b>Threads.</b> The engine's writer thread calls every method.
 */
public final class KafkaSink implements Sink {

  private final KafkaSinkConfig config;
  private Destination destination;
  private KafkaProducer<byte[], byte[]> producer;
  private boolean closed;

  public KafkaSink(KafkaSinkConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public void open(SinkContext context) {
    destination = new Destination(config);
    try {
      producer = Destination.producer(config, "sm-" + context.migrationId() + "-sink", Map.of());
    } catch (KafkaException e) {
      destination.close();
      throw new MigrationException("creating the producer for " + config.bootstrapServers() + " failed: " + e, e);
    }
  }

  @Override
  public void write(List<Record> records) {
    destination.send(producer, records);
  }

  @Override
  public void flush() {
    try {
      producer.flush();
    } catch (KafkaException e) {
      throw new MigrationException("flushing to " + config.bootstrapServers() + " failed: " + e, e);
    }
    destination.throwIfFailed();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (producer != null) {
        producer.close(config.closeTimeout());
      }
    } finally {
      if (destination != null) {
        destination.close();
      }
    }
  }

  /** Kills the producer without waiting, as a crashed process would; for tests. */
  void abandon() {
    closed = true;
    if (producer != null) {
      producer.close(java.time.Duration.ZERO);
    }
    if (destination != null) {
      destination.close();
    }
  }

  @Override
  public String toString() {
    return "KafkaSink{" + config.bootstrapServers() + "}";
  }
}
