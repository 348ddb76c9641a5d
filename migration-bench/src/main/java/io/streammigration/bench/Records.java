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

  /**
   * {@code count} batches of {@code batchSize} records, each with a {@code valueSize}-byte value
   * and no key, round-robin over {@code partitions} partitions with dense positions from 0.
   *
   * <p>Every record is its own object with its own position, but all share one value array: the
   * engine never reads value bytes (it passes references), so distinct arrays would only cost
   * heap, not change what is measured. This is why 100-byte and 1 KB records move at nearly the
   * same rate in memory; the difference shows only in byte accounting.
   */
  public static List<List<Record>> batches(int count, int batchSize, int valueSize, int partitions) {
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
        int p = (b * batchSize + i) % partitions;
        batch.add(new Record(null, value, Headers.EMPTY, 0, ids[p], Position.of(next[p]++)));
      }
      batches.add(batch);
    }
    return batches;
  }
}
