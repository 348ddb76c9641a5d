package io.streammigration.cli.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code migrate assess} learns about an endpoint's data at one moment: its partitions with
 * their sizes and time span, and the free space where it lives.
 *
 * @param endpoint the URI, as given
 * @param partitions each partition's facts, in partition order
 * @param freeBytes usable free space of the storage holding the endpoint, if it can be known
 */
public record EndpointAssessment(
    String endpoint, List<PartitionFacts> partitions, OptionalLong freeBytes) {

  public EndpointAssessment {
    Objects.requireNonNull(endpoint, "endpoint");
    partitions = List.copyOf(partitions);
    Objects.requireNonNull(freeBytes, "freeBytes");
  }

  /** Records over all partitions. */
  public long records() {
    return partitions.stream().mapToLong(PartitionFacts::records).sum();
  }

  /** Bytes over all partitions, in the endpoint's own units (file bytes for files). */
  public long bytes() {
    return partitions.stream().mapToLong(PartitionFacts::bytes).sum();
  }

  /**
   * One partition.
   *
   * @param name the partition's name
   * @param segments how many files (or log segments) hold it
   * @param records records counted
   * @param bytes bytes those records occupy
   * @param oldest the oldest record's time: its timestamp, or, for formats without timestamps, the
   *     oldest segment's modification time
   * @param newest the newest record's time, likewise
   */
  public record PartitionFacts(
      String name,
      int segments,
      long records,
      long bytes,
      Optional<Instant> oldest,
      Optional<Instant> newest) {

    public PartitionFacts {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(oldest, "oldest");
      Objects.requireNonNull(newest, "newest");
    }
  }
}
