package io.streammigration.testkit.verify;

import io.streammigration.core.ordering.Provenance;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Builds what a destination would hold after a migration: the records stamped with provenance,
 * merged into one destination partition with its own dense positions, partitions interleaved
 * round-robin (so the verifier must map records back by provenance), timestamps set to the
 * arrival time.
 */
final class Destinations {

  static final PartitionId OUT = PartitionId.of("out");

  private Destinations() {}

  /** Arrival one millisecond after the source timestamp. */
  static Map<PartitionId, List<Record>> merged(Map<PartitionId, ? extends List<Record>> bySource) {
    return merged(bySource, r -> r.timestamp() + 1);
  }

  static Map<PartitionId, List<Record>> merged(
      Map<PartitionId, ? extends List<Record>> bySource, ToLongFunction<Record> arrival) {
    List<Iterator<Record>> cursors = new ArrayList<>();
    bySource.values().forEach(list -> cursors.add(list.iterator()));
    List<Record> out = new ArrayList<>();
    boolean any = true;
    while (any) {
      any = false;
      for (Iterator<Record> it : cursors) {
        for (int i = 0; i < 3 && it.hasNext(); i++) {
          Record r = stamp(it.next());
          out.add(
              new Record(
                  r.key(), r.value(), r.headers(), arrival.applyAsLong(r), OUT,
                  Position.of(out.size())));
          any = true;
        }
      }
    }
    SortedMap<PartitionId, List<Record>> result = new TreeMap<>();
    result.put(OUT, out);
    return result;
  }

  static Record stamp(Record r) {
    List<Record> out = new ArrayList<>(1);
    Provenance.stamp().apply(r, out::add);
    return out.get(0);
  }

  static SortedMap<PartitionId, List<Record>> with(
      Map<PartitionId, List<Record>> records, PartitionId partition, List<Record> replaced) {
    SortedMap<PartitionId, List<Record>> copy = new TreeMap<>(records);
    copy.put(partition, replaced);
    return copy;
  }

  static int count(Collection<? extends List<Record>> lists) {
    return lists.stream().mapToInt(List::size).sum();
  }
}
