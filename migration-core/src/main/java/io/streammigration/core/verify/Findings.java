package io.streammigration.core.verify;

import io.streammigration.core.record.PartitionId;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the verifier measured, before any gate judged it.
 *
 * @param partitions per source partition, sorted; a partition seen on either side appears
 * @param latency end-to-end latency over matched records
 * @param errors error and dead-letter counts the caller supplied, if any
 * @param sourceStop why reading the source stopped
 * @param destinationStop why reading the destination stopped
 */
public record Findings(
    SortedMap<PartitionId, PartitionReport> partitions,
    LatencyPercentiles latency,
    Optional<ErrorCounts> errors,
    ReadStop sourceStop,
    ReadStop destinationStop) {

  public Findings {
    partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(errors, "errors");
    Objects.requireNonNull(sourceStop, "sourceStop");
    Objects.requireNonNull(destinationStop, "destinationStop");
  }

  /** Source records read, over all partitions. */
  public long sourceRecords() {
    return partitions.values().stream().mapToLong(p -> p.source().count()).sum();
  }

  /** Destination records read (out-of-range ones excluded), over all partitions. */
  public long destinationRecords() {
    return partitions.values().stream().mapToLong(p -> p.destination().count()).sum();
  }
}
