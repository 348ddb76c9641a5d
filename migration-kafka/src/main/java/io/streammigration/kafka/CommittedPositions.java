package io.streammigration.kafka;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@link KafkaSource} in consumer-group mode learns, for each partition the group assigns
 * it, the position of the last record the migration committed for that partition, whichever
 * instance committed it. {@link CheckpointTopicPositions} reads the per-partition records the
 * {@link TransactionalKafkaSink} commits in group mode.
 */
@FunctionalInterface
public interface CommittedPositions {

  /**
   * The committed position of each of {@code partitions} that has one; partitions without one are
   * left out (they start at the source's configured start). Called on the reader thread, inside a
   * rebalance; may block briefly.
   */
  Map<PartitionId, Position> committed(String migrationId, Set<PartitionId> partitions);
}
