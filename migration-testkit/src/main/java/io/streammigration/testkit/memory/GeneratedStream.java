package io.streammigration.testkit.memory;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A synthetic, reproducible stream of records, generated from a {@link StreamSpec}.
 *
 * <h2>What the records look like</h2>
 *
 * <ul>
 *   <li>Partitions are named {@code p0 .. p(n-1)}; positions are {@code Position.of(i)}, dense
 *       from 0; timestamps strictly increase within a partition.
 *   <li>Keys are {@code key-<j>} (UTF-8) for {@code j < keys}; key {@code j} lives only in
 *       partition {@code j % partitions}, as hash partitioning would place it, so per-key order is
 *       a consequence of per-partition order.
 *   <li>Every record has a {@link #KEY_SEQUENCE_HEADER} header: that key's sequence number (0, 1,
 *       2, ...) as an 8-byte big-endian long, so a destination can be checked per key for loss,
 *       duplicates and reordering without knowing source positions.
 *   <li>Values are random bytes, or null (a tombstone) with the spec's tombstone ratio.
 * </ul>
 *
 * <h2>Determinism</h2>
 *
 * The same spec always generates equal records. Each partition draws from its own random stream
 * derived from the seed and the partition's index, so a partition's records do not depend on the
 * other partitions, and a spec with more records in a partition generates the smaller spec's
 * records as a prefix (handy for live tests that append "the next" records).
 *
 * <p>Immutable and thread-safe. Records are shared, not copied: never modify their arrays.
 */
public final class GeneratedStream {

  /** Header carrying the per-key sequence number, an 8-byte big-endian long. */
  public static final String KEY_SEQUENCE_HEADER = "testkit.key-seq";

  private final StreamSpec spec;
  private final SortedMap<PartitionId, List<Record>> byPartition;
  private final List<PartitionId> partitions;

  private GeneratedStream(StreamSpec spec) {
    this.spec = spec;
    SortedMap<PartitionId, List<Record>> map = new TreeMap<>();
    List<PartitionId> ids = new ArrayList<>();
    long[] nextSequence = new long[spec.keys()];
    for (int p = 0; p < spec.partitions(); p++) {
      ids.add(partition(p));
      map.put(partition(p), Collections.unmodifiableList(generatePartition(p, nextSequence)));
    }
    this.byPartition = Collections.unmodifiableSortedMap(map);
    this.partitions = List.copyOf(ids);
  }

  /** Generates the stream {@code spec} describes. */
  public static GeneratedStream of(StreamSpec spec) {
    return new GeneratedStream(Objects.requireNonNull(spec, "spec"));
  }

  /** The id of partition {@code index}: {@code p<index>}. */
  public static PartitionId partition(int index) {
    return PartitionId.of("p" + index);
  }

  /**
   * The per-key sequence number a generated record carries.
   *
   * @throws IllegalArgumentException if the record has no valid {@link #KEY_SEQUENCE_HEADER}
   */
  public static long keySequence(Record record) {
    byte[] value = record.headers().lastValue(KEY_SEQUENCE_HEADER);
    if (value == null || value.length != Long.BYTES) {
      throw new IllegalArgumentException("no " + KEY_SEQUENCE_HEADER + " header on " + record);
    }
    return ByteBuffer.wrap(value).getLong();
  }

  private List<Record> generatePartition(int p, long[] nextSequence) {
    int partitionCount = spec.partitions();
    // Keys p, p + P, p + 2P, ... live in partition p.
    int keysHere = (spec.keys() - p + partitionCount - 1) / partitionCount;
    SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + p);
    PartitionId id = partition(p);
    int count = spec.recordsIn(p);
    List<Record> records = new ArrayList<>(count);
    long timestamp = spec.firstTimestamp();
    for (int i = 0; i < count; i++) {
      int key = p + random.nextInt(keysHere) * partitionCount;
      boolean tombstone = random.nextDouble() < spec.tombstoneRatio();
      int size = spec.minValueSize() + random.nextInt(spec.maxValueSize() - spec.minValueSize() + 1);
      byte[] value = null;
      if (!tombstone) {
        value = new byte[size];
        random.nextBytes(value);
      }
      timestamp += 1 + random.nextInt(5);
      byte[] sequence = ByteBuffer.allocate(Long.BYTES).putLong(nextSequence[key]++).array();
      records.add(
          new Record(
              ("key-" + key).getBytes(StandardCharsets.UTF_8),
              value,
              Headers.of(Header.of(KEY_SEQUENCE_HEADER, sequence)),
              timestamp,
              id,
              Position.of(i)));
    }
    return records;
  }

  public StreamSpec spec() {
    return spec;
  }

  /** The partitions, {@code p0} first. */
  public List<PartitionId> partitions() {
    return partitions;
  }

  /** The records of {@code partition} in order; empty if the stream has no such partition. */
  public List<Record> records(PartitionId partition) {
    return byPartition.getOrDefault(partition, List.of());
  }

  /** The records of partition {@code index} in order. */
  public List<Record> records(int index) {
    return records(partition(index));
  }

  /** Every partition's records, sorted by partition. Unmodifiable. */
  public SortedMap<PartitionId, List<Record>> byPartition() {
    return byPartition;
  }

  /** All records, partition by partition ({@code p0}'s first). */
  public List<Record> all() {
    List<Record> all = new ArrayList<>();
    byPartition.values().forEach(all::addAll);
    return all;
  }

  /** Total number of records. */
  public int size() {
    return byPartition.values().stream().mapToInt(List::size).sum();
  }

  /**
   * What a source resumed from {@code checkpoint} must deliver: per partition, the records whose
   * position is greater than the checkpoint's; every record of partitions it does not name.
   */
  public SortedMap<PartitionId, List<Record>> after(Checkpoint checkpoint) {
    SortedMap<PartitionId, List<Record>> rest = new TreeMap<>();
    byPartition.forEach(
        (partition, records) -> {
          List<Record> tail =
              checkpoint
                  .position(partition)
                  .map(p -> records.stream().filter(r -> r.position().isAfter(p)).toList())
                  .orElse(records);
          rest.put(partition, tail);
        });
    return rest;
  }

  /**
   * A checkpoint covering the first {@code covered[i]} records of partition {@code i}: its
   * position for that partition is the last covered record's, and it leaves out partitions with
   * nothing covered. Records and bytes count the covered records.
   *
   * @throws IllegalArgumentException if the counts do not fit the stream
   */
  public Checkpoint checkpointCovering(long id, int... covered) {
    if (covered.length != partitions.size()) {
      throw new IllegalArgumentException(
          "need one count per partition (" + partitions.size() + "), got " + covered.length);
    }
    Checkpoint.Builder b = Checkpoint.builder(id);
    long records = 0;
    long bytes = 0;
    for (int i = 0; i < covered.length; i++) {
      List<Record> list = records(i);
      if (covered[i] < 0 || covered[i] > list.size()) {
        throw new IllegalArgumentException(
            "partition " + i + " has " + list.size() + " records, cannot cover " + covered[i]);
      }
      if (covered[i] > 0) {
        b.position(partition(i), list.get(covered[i] - 1).position());
      }
      for (Record r : list.subList(0, covered[i])) {
        records++;
        bytes += r.sizeInBytes();
      }
    }
    return b.records(records).bytes(bytes).build();
  }

  @Override
  public String toString() {
    return "GeneratedStream{" + spec + "}";
  }
}
