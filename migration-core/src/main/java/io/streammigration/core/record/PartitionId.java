package io.streammigration.core.record;

import java.util.Objects;

/**
 * Names one source partition: the unit within which order is guaranteed.
 *
 * <p>Adapters choose the name (Kafka: {@code topic-3}; a file source: the segment set's name). Two
 * partition ids are equal when their names are equal; ids sort by name, which gives checkpoints a
 * stable, deterministic layout.
 *
 * @param name non-empty partition name, at most 32 KiB of UTF-8
 */
public record PartitionId(String name) implements Comparable<PartitionId> {

  public PartitionId {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("partition name must not be empty");
    }
  }

  /** Shorthand for {@code new PartitionId(name)}. */
  public static PartitionId of(String name) {
    return new PartitionId(name);
  }

  @Override
  public int compareTo(PartitionId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
