package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Chooses the destination partition of each record. Every choice keeps a source partition's
 * records in order: all records of one source partition that share a destination partition are
 * written to it in source order.
 */
public enum Partitioning {

  /**
   * The source partition's number: {@code orders-3} goes to partition 3 of the destination topic.
   * Needs Kafka source partitions and a destination with at least as many partitions; a record
   * from a partition number the destination lacks fails with a message naming both. Keeps the
   * whole partition's order and the key-to-partition layout. The default.
   */
  PRESERVE {
    @Override
    int partitionFor(Record record, String topic, int partitionCount) {
      TopicPartition source =
          KafkaPartitions.topicPartition(record.partition())
              .orElseThrow(
                  () -> new MigrationException(
                      "Partitioning.PRESERVE needs Kafka source partitions (\"topic-n\"), got " + record.partition()));
      if (source.partition() >= partitionCount) {
        throw new MigrationException(
            "destination topic " + topic + " has " + partitionCount + " partitions, fewer than source "
                + record.partition() + " needs for Partitioning.PRESERVE; add partitions or use BY_KEY");
      }
      return source.partition();
    }
  },

  /**
   * murmur2 of the key modulo the partition count (what Kafka's default partitioner does for
   * keyed records); records without a key go by their source partition's name instead, so they
   * keep their order too. Keeps per-key order.
   */
  BY_KEY {
    @Override
    int partitionFor(Record record, String topic, int partitionCount) {
      return record.key() == null
          ? BY_SOURCE_PARTITION.partitionFor(record, topic, partitionCount)
          : Utils.toPositive(Utils.murmur2(record.key())) % partitionCount;
    }

    @Override
    boolean byKey() {
      return true;
    }
  },

  /**
   * murmur2 of the source partition's name modulo the partition count: each source partition goes
   * whole to one destination partition. For non-Kafka sources, or fewer destination partitions.
   */
  BY_SOURCE_PARTITION {
    @Override
    int partitionFor(Record record, String topic, int partitionCount) {
      return of(record.partition(), partitionCount);
    }
  };

  /**
   * The destination partition of {@code record} in {@code topic}, which has {@code partitionCount}.
   * Unless {@link #byKey()}, a function of the record's source partition alone: the sink asks once
   * per source partition.
   */
  abstract int partitionFor(Record record, String topic, int partitionCount);

  /** True if {@link #partitionFor} looks at each record's key, not only its source partition. */
  boolean byKey() {
    return false;
  }

  /** Where {@link #BY_SOURCE_PARTITION} sends {@code source} among {@code partitionCount} partitions. */
  public static int of(PartitionId source, int partitionCount) {
    return Utils.toPositive(Utils.murmur2(source.name().getBytes(StandardCharsets.UTF_8))) % partitionCount;
  }
}
