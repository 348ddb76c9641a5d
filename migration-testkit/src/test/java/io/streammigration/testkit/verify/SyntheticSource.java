package io.streammigration.testkit.verify;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A bounded source that creates its records as it is polled and keeps none, so a stream far larger
 * than the heap can be verified. Record {@code i} of partition {@code p} is a pure function of
 * (seed, p, i): a 16-byte key, a 100-byte value and one header. Optionally skips one record (to
 * plant a loss) and rewrites records (to act as a destination, e.g. stamped with provenance).
 */
final class SyntheticSource implements Source {

  private final long seed;
  private final int partitions;
  private final long recordsEach;
  private final long skipIndex;
  private final UnaryOperator<Record> rewrite;
  private final long[] next;
  private int turn;

  SyntheticSource(long seed, int partitions, long recordsEach, long skipIndex, UnaryOperator<Record> rewrite) {
    this.seed = seed;
    this.partitions = partitions;
    this.recordsEach = recordsEach;
    this.skipIndex = skipIndex;
    this.rewrite = rewrite;
    this.next = new long[partitions];
  }

  static PartitionId partition(int p) {
    return PartitionId.of("big-" + p);
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {}

  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    List<Record> batch = new ArrayList<>(maxRecords);
    // Partitions in turn, 64 at a time, starting with another partition each poll.
    for (int tries = 0; tries < partitions && batch.size() < maxRecords; tries++) {
      int p = turn++ % partitions;
      for (int i = 0; i < 64 && next[p] < recordsEach && batch.size() < maxRecords; i++) {
        long index = next[p]++;
        if (p == 0 && index == skipIndex) {
          continue;
        }
        batch.add(rewrite.apply(record(p, index)));
      }
    }
    return batch;
  }

  private Record record(int p, long index) {
    long h = mix(seed ^ mix(p * 0x9E3779B97F4A7C15L + index));
    ByteBuffer key = ByteBuffer.allocate(16).putLong(p).putLong(index);
    ByteBuffer value = ByteBuffer.allocate(100);
    for (int i = 0; i < 12; i++) {
      value.putLong(h = mix(h));
    }
    value.putInt((int) h);
    return new Record(
        key.array(),
        value.array(),
        Headers.of(Header.of("h", ByteBuffer.allocate(8).putLong(h).array())),
        1_700_000_000_000L + index,
        partition(p),
        Position.of(index));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean isEndOfInput() {
    for (long n : next) {
      if (n < recordsEach) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {}
}
