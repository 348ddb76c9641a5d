package io.streammigration.core.error;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Objects;

/**
 * The source holds data it cannot turn into records (a CRC mismatch, an impossible length, a torn
 * frame where none is allowed). Carries the partition and position of the bad data, and a
 * location an operator can open (a file path, a topic-partition).
 */
public class SourceCorruptionException extends MigrationException {

  private final PartitionId partition;
  private final Position position;
  private final String location;

  /**
   * @param location where to look, e.g. {@code /data/app.log} or {@code orders-3}
   * @param partition the partition holding the bad data
   * @param position where the bad data starts
   * @param problem what is wrong, e.g. "CRC32C mismatch"
   */
  public SourceCorruptionException(
      String location, PartitionId partition, Position position, String problem) {
    this(location, partition, position, problem, null);
  }

  public SourceCorruptionException(
      String location, PartitionId partition, Position position, String problem, Throwable cause) {
    super(
        "corrupt source data in "
            + location
            + " (partition "
            + partition
            + ", position "
            + position
            + "): "
            + problem,
        cause);
    this.location = Objects.requireNonNull(location, "location");
    this.partition = Objects.requireNonNull(partition, "partition");
    this.position = Objects.requireNonNull(position, "position");
  }

  public PartitionId partition() {
    return partition;
  }

  public Position position() {
    return position;
  }

  public String location() {
    return location;
  }
}
