package io.streammigration.testkit.contract;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the suites compare: a record's key, value and headers (its content, which a destination
 * must reproduce), grouped by source partition in order. Timestamps and positions are left out on
 * purpose: endpoints may assign their own.
 */
final class RecordContent {

  /** A fixed creation time, at millisecond precision, so checkpoints compare equal after storage. */
  static final Instant CREATED_AT = Instant.ofEpochMilli(1_700_000_000_000L);

  private RecordContent() {}

  /** One comparable, printable value per record: [key, value, headers], hex-encoded, nulls kept. */
  static List<Object> of(Record r) {
    return Arrays.asList(hex(r.key()), hex(r.value()), r.headers());
  }

  /** The contents of each non-empty partition, in order. */
  static SortedMap<PartitionId, List<List<Object>>> byPartition(
      Map<PartitionId, ? extends List<Record>> records) {
    SortedMap<PartitionId, List<List<Object>>> contents = new TreeMap<>();
    records.forEach(
        (p, list) -> {
          if (!list.isEmpty()) {
            contents.put(p, list.stream().map(RecordContent::of).toList());
          }
        });
    return contents;
  }

  /** {@code records} grouped by their partition, keeping their order. */
  static SortedMap<PartitionId, List<Record>> grouped(List<Record> records) {
    SortedMap<PartitionId, List<Record>> grouped = new TreeMap<>();
    for (Record r : records) {
      grouped.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
    }
    return grouped;
  }

  /** The partitions' records taken one from each in turn, as a live source might deliver them. */
  static List<Record> interleaved(Map<PartitionId, ? extends List<Record>> byPartition) {
    List<Record> out = new ArrayList<>();
    int longest = byPartition.values().stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<Record> list : byPartition.values()) {
        if (i < list.size()) {
          out.add(list.get(i));
        }
      }
    }
    return out;
  }

  /** A checkpoint whose positions are those of the last of {@code covered} in each partition. */
  static Checkpoint checkpointCovering(long id, List<Record> covered) {
    Checkpoint.Builder b = Checkpoint.builder(id).createdAt(CREATED_AT);
    long bytes = 0;
    for (Record r : covered) {
      b.position(r.partition(), r.position());
      bytes += r.sizeInBytes();
    }
    return b.records(covered.size()).bytes(bytes).build();
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? null : HexFormat.of().formatHex(bytes);
  }
}
