package io.streammigration.testkit.memory;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a reader of an {@link InMemoryDestination} sees at one instant: the durable records per
 * source partition (in destination order) and the last committed checkpoint, taken together so a
 * test never compares records of one commit with the checkpoint of another.
 *
 * @param checkpoint the last committed checkpoint; empty if none was committed (always empty when
 *     only at-least-once sinks wrote)
 * @param records durable records per source partition, unmodifiable; partitions without records
 *     are absent
 */
public record CommittedState(
    Optional<Checkpoint> checkpoint, SortedMap<PartitionId, List<Record>> records) {

  public CommittedState {
    Objects.requireNonNull(checkpoint, "checkpoint");
    SortedMap<PartitionId, List<Record>> copy = new TreeMap<>();
    records.forEach((p, list) -> copy.put(p, List.copyOf(list)));
    records = Collections.unmodifiableSortedMap(copy);
  }

  /** The state of a destination nothing was ever written to. */
  public static CommittedState empty() {
    return new CommittedState(Optional.empty(), new TreeMap<>());
  }

  /** The records of {@code partition}, in destination order; empty if there are none. */
  public List<Record> records(PartitionId partition) {
    return records.getOrDefault(partition, List.of());
  }

  /** Number of durable records over all partitions. */
  public int size() {
    return records.values().stream().mapToInt(List::size).sum();
  }
}
