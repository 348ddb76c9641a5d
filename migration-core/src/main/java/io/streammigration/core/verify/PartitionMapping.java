package io.streammigration.core.verify;

import io.streammigration.core.ordering.Provenance;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;

/**
 * Says which source partition a destination record belongs to, so the verifier compares it with
 * the right source sequence. Called on the verifying thread for every destination record; must be
 * cheap and deterministic.
 */
@FunctionalInterface
public interface PartitionMapping {

  /** The source partition {@code destinationRecord} was migrated from. */
  PartitionId sourcePartitionOf(Record destinationRecord);

  /**
   * The default: the {@link Provenance#PARTITION} header when the record carries one, otherwise
   * the destination partition's own name (for migrations that keep partition names).
   *
   * @throws io.streammigration.core.error.MigrationException from the mapping if a provenance
   *     header is malformed
   */
  static PartitionMapping provenanceOrSameName() {
    return r -> Provenance.partitionOf(r).orElse(r.partition());
  }

  /** Destination partitions have the names of the source partitions. */
  static PartitionMapping sameName() {
    return Record::partition;
  }
}
