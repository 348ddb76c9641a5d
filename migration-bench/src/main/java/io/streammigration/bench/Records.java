package io.streammigration.bench;

import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.List;

/** Builds the records the benchmarks move, before any measurement starts. */
public final class Records {

  private Records() {}

  /** How a batch's records are spread over the partitions. */
  public enum Layout {
    /**
     * Each batch holds one run of consecutive records per partition, as a Kafka consumer returns
     * them (its fetches are per partition) and as a file source does (one partition at a time).
     */
    RUNS,
    /**
     * Record {@code i} of a batch comes from partition {@code i % partitions}: the worst case for
     * per-partition bookkeeping, which can no longer reuse the last partition it looked up.
     */
    INTERLEAVED
  }

  /**
   * {@code count} batches of {@code batchSize} records, each with a {@code valueSize}-byte value
   * and no key, over {@code partitions} partitions laid out as {@code layout} says, with dense
   * positions from 0 in each partition.
   *
   * <p>Every record is its own object with its own position, but all share one value array: the
   * engine never reads value bytes (it passes references), so distinct arrays would only cost
   * heap, not change what is measured. This is why 100-byte and 1 KB records move at nearly the
   * same rate in memory; the difference shows only in byte accounting.
   */
  public static List<List<Record>> batches(
      int count, int batchSize, int valueSize, int partitions, Layout layout) {
    PartitionId[] ids = new PartitionId[partitions];
    for (int p = 0; p < partitions; p++) {
      ids[p] = PartitionId.of("bench-" + p);
    }
    byte[] value = new byte[valueSize];
    long[] next = new long[partitions];
    List<List<Record>> batches = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      List<Record> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        int p =
            layout == Layout.INTERLEAVED
                ? i % partitions
                : (int) ((long) i * partitions / batchSize);
        batch.add(new Record(null, value, Headers.EMPTY, 0, ids[p], Position.of(next[p]++)));
      }
      batches.add(batch);
    }
    return batches;
  }
}
