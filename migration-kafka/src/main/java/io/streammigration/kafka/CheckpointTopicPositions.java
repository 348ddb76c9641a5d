package io.streammigration.kafka;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.PositionSerializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@link CommittedPositions} read from a checkpoint topic: the records keyed {@code
 * <migrationId>/p/<partition>} that a {@link TransactionalKafkaSink} with {@link
 * KafkaSinkConfig.Builder#positionsPerPartition} commits in the same transaction as the data.
 * Read with read_committed, so only positions whose data is committed are seen; the last record
 * of a key wins (the topic has one partition, so that is the last commit).
 */
public final class CheckpointTopicPositions implements CommittedPositions {

  private final String bootstrapServers;
  private final ClientSettings clientSettings;
  private final String topic;

  public CheckpointTopicPositions(String bootstrapServers, ClientSettings clientSettings, String topic) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.clientSettings = Objects.requireNonNull(clientSettings, "clientSettings");
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** The key under which the position of {@code partition} is committed. */
  static byte[] key(String migrationId, PartitionId partition) {
    return (migrationId + "/p/" + partition.name()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Map<PartitionId, Position> committed(String migrationId, Set<PartitionId> partitions) {
    Map<String, PartitionId> byKey = new HashMap<>();
    partitions.forEach(p -> byKey.put(new String(key(migrationId, p), StandardCharsets.UTF_8), p));
    Map<PartitionId, Position> out = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : CheckpointTopic.read(bootstrapServers, clientSettings, topic,
        k -> k != null && byKey.containsKey(new String(k, StandardCharsets.UTF_8)))) {
      PartitionId partition = byKey.get(new String(r.key(), StandardCharsets.UTF_8));
      if (r.value() == null) {
        out.remove(partition);
      } else {
        out.put(partition, PositionSerializer.fromBytes(r.value()));
      }
    }
    return out;
  }
}
