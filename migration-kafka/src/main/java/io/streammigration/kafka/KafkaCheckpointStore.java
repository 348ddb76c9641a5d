package io.streammigration.kafka;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.CheckpointCodec;
import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.spi.CheckpointStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link CheckpointStore} in a compacted Kafka topic: the checkpoint home for AT_LEAST_ONCE
 * migrations with any sink, or a mirror for inspection beside an exactly-once sink.
 *
 * <h2>Layout</h2>
 *
 * Partition 0 of a topic with {@code cleanup.policy=compact} (created with one partition if
 * missing). Each checkpoint is one record keyed {@code <migrationId>/<id>} (the id in 19 decimal
 * digits, so keys sort by id) whose value is the {@link CheckpointCodec} encoding, checksummed.
 * Checkpoints beyond the retained count, and those set aside by {@link #rollbackTo}, are deleted
 * with tombstones, so compaction keeps the topic small. Several migrations may share the topic.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open}: creates the topic if needed and reads this migration's checkpoints. Blocks.
 *   <li>{@link #save}: writes with an idempotent {@code acks=all} producer and waits for the
 *       acknowledgement: durable on return. Ids must increase. A write the cluster's ACLs refuse
 *       fails with {@link KafkaAuthorizationException} naming the topic and the principal.
 *   <li>{@link #latest()}, {@link #history}, {@link #rollbackTo}: from what was read at open plus
 *       what this instance saved since (one writer per migration is assumed, as for every store).
 *   <li>{@link #close()}: closes the clients. Idempotent.
 * </ol>
 *
 * <p><b>Threads.</b> One thread at a time (the engine's writer thread).
 */
public final class KafkaCheckpointStore implements CheckpointStore {

  private final String topic;
  private final String migrationId;
  private final int retain;
  private final String bootstrapServers;
  private final ClientSettings clientSettings;
  private final KafkaProducer<byte[], byte[]> producer;
  /** id to (value, offset) of each live checkpoint record; values may be corrupt. */
  private final NavigableMap<Long, ConsumerRecord<byte[], byte[]>> checkpoints = new TreeMap<>();
  private boolean closed;

  private KafkaCheckpointStore(String topic, String migrationId, int retain, String bootstrapServers,
      ClientSettings clientSettings, KafkaProducer<byte[], byte[]> producer) {
    this.topic = topic;
    this.migrationId = migrationId;
    this.retain = retain;
    this.bootstrapServers = bootstrapServers;
    this.clientSettings = clientSettings;
    this.producer = producer;
  }

  /**
   * Opens the store for {@code migrationId} in {@code topic}, keeping the last {@code retain}
   * checkpoints.
   *
   * @param clientSettings producer, consumer and admin settings passed through (security, ...)
   * @throws MigrationConfigException naming the setting if an argument is invalid
   */
  public static KafkaCheckpointStore open(
      String bootstrapServers, ClientSettings clientSettings, String topic, String migrationId, int retain) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new MigrationConfigException("bootstrapServers", "required");
    }
    if (topic == null || topic.isBlank()) {
      throw new MigrationConfigException("topic", "required");
    }
    if (migrationId == null || migrationId.isEmpty() || migrationId.contains("/")) {
      throw new MigrationConfigException("migrationId", "required, without '/': " + migrationId);
    }
    if (retain < 1) {
      throw new MigrationConfigException("retain", "must be >= 1, was " + retain);
    }
    Objects.requireNonNull(clientSettings, "clientSettings");
    Map<String, Object> adminSettings = new HashMap<>(clientSettings.asMap());
    adminSettings.keySet().retainAll(AdminClientConfig.configNames());
    adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(adminSettings)) {
      CheckpointTopic.ensureExists(admin, topic, bootstrapServers, clientSettings);
    } catch (KafkaException e) {
      throw new MigrationException("connecting to " + bootstrapServers + " for checkpoint topic " + topic + " failed: " + e, e);
    }
    Map<String, Object> producerSettings = new HashMap<>(clientSettings.asMap());
    producerSettings.put("bootstrap.servers", bootstrapServers);
    producerSettings.put("enable.idempotence", true);
    producerSettings.put("acks", "all");
    producerSettings.putIfAbsent("client.id", "sm-" + migrationId + "-checkpoints");
    KafkaProducer<byte[], byte[]> producer;
    try {
      producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer());
    } catch (KafkaException e) {
      throw new MigrationException("creating the checkpoint producer for " + bootstrapServers + " failed: " + e, e);
    }
    KafkaCheckpointStore store = new KafkaCheckpointStore(topic, migrationId, retain, bootstrapServers, clientSettings, producer);
    byte[] prefix = (migrationId + "/").getBytes(StandardCharsets.UTF_8);
    for (ConsumerRecord<byte[], byte[]> r :
        CheckpointTopic.read(bootstrapServers, clientSettings, topic, key -> startsWith(key, prefix))) {
      long id = parseId(r.key(), prefix.length);
      if (id < 0) {
        continue; // not one of ours after all
      }
      if (r.value() == null) {
        store.checkpoints.remove(id);
      } else {
        store.checkpoints.put(id, r);
      }
    }
    return store;
  }

  @Override
  public Optional<Checkpoint> latest() {
    if (checkpoints.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decode(checkpoints.lastEntry().getValue()));
  }

  @Override
  public void save(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (!checkpoints.isEmpty() && checkpoint.id() <= checkpoints.lastKey()) {
      throw new MigrationException(
          "checkpoint " + checkpoint.id() + " is not newer than the latest saved checkpoint "
              + checkpoints.lastKey() + " of migration " + migrationId + " in " + topic);
    }
    byte[] key = key(checkpoint.id());
    byte[] value = CheckpointCodec.encode(checkpoint);
    RecordMetadata meta = send(key, value, "saving checkpoint " + checkpoint.id());
    checkpoints.put(checkpoint.id(), new ConsumerRecord<>(topic, 0, meta.offset(), key, value));
    while (checkpoints.size() > retain) {
      long oldest = checkpoints.firstKey();
      send(key(oldest), null, "deleting checkpoint " + oldest);
      checkpoints.remove(oldest);
    }
  }

  @Override
  public List<Checkpoint> history(int max) {
    List<Checkpoint> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : checkpoints.descendingMap().values()) {
      if (out.size() >= max) {
        break;
      }
      try {
        out.add(decode(r));
      } catch (CheckpointCorruptionException corrupt) {
        // history lists intact checkpoints only; latest() reports corruption
      }
    }
    return out;
  }

  @Override
  public Checkpoint rollbackTo(long id) {
    ConsumerRecord<byte[], byte[]> r = checkpoints.get(id);
    if (r == null) {
      throw new MigrationException("no checkpoint " + id + " of migration " + migrationId + " in " + topic);
    }
    Checkpoint checkpoint;
    try {
      checkpoint = decode(r);
    } catch (CheckpointCorruptionException e) {
      throw new MigrationException("checkpoint " + id + " in " + topic + " is corrupt; pick another", e);
    }
    for (Long newer : List.copyOf(checkpoints.tailMap(id, false).keySet())) {
      send(key(newer), null, "setting aside checkpoint " + newer);
      checkpoints.remove(newer);
    }
    return checkpoint;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }

  @Override
  public String toString() {
    return "KafkaCheckpointStore{" + topic + ", " + migrationId + "}";
  }

  // ---------------------------------------------------------------------------------------------

  private Checkpoint decode(ConsumerRecord<byte[], byte[]> r) {
    return CheckpointCodec.decode(r.value(), topic + "-0@" + r.offset() + " (key " + migrationId + "/" + parseId(r.key(), r.key().length - 19) + ")");
  }

  private RecordMetadata send(byte[] key, byte[] value, String action) {
    try {
      return producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
    } catch (ExecutionException e) {
      throw failed(action, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted " + action + " in " + topic, e);
    } catch (KafkaException e) {
      throw failed(action, e);
    }
  }

  /** {@link KafkaAuthorizationException} if an ACL refused the write, else a plain failure. */
  private MigrationException failed(String action, Throwable cause) {
    return KafkaAuthorizationException.in(cause, action + " in checkpoint topic " + topic, topic,
            "READ, WRITE and DESCRIBE", null, bootstrapServers, clientSettings)
        .<MigrationException>map(refused -> refused)
        .orElseGet(() -> new MigrationException(action + " in " + topic + " failed: " + cause, cause));
  }

  private byte[] key(long id) {
    return String.format("%s/%019d", migrationId, id).getBytes(StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key == null || key.length != prefix.length + 19) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The id in the 19 digits after {@code from}, or -1 if they are not digits. */
  private static long parseId(byte[] key, int from) {
    long id = 0;
    for (int i = from; i < key.length; i++) {
      if (key[i] < '0' || key[i] > '9') {
        return -1;
      }
      id = id * 10 + (key[i] - '0');
    }
    return id;
  }
}
