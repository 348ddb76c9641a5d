package io.streammigration.bench;

import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.ordering.OrderingViolation;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the ordering guard costs per record: {@code admit} over pre-built records, for the standard
 * guards, next to {@link Ordering#none()} (the guard a migration has when it checks nothing) over
 * the same records.
 *
 * <p>Each invocation admits {@link #RECORDS} records into a fresh guard, because a guard that has
 * seen a record rejects it the second time. The fresh guard's first sight of each partition or
 * key (a map entry, a key holder and a cursor) is therefore included, amortized over the records:
 * with {@link #KEYS} keys in each of {@link #PARTITIONS} partitions that is the whole of the
 * per-key figure's allocation, about 1.6 B per record; with a long-lived guard it tends to 0.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class OrderingGuardBenchmark {

  static final int RECORDS = 262_144;
  static final int PARTITIONS = 4;
  static final int KEYS = 1_024;
  static final String SEQUENCE_HEADER = "seq";

  /** Reports nothing: a correct stream has no violations. */
  static final OrderingGuard.Context CONTEXT =
      new OrderingGuard.Context() {
        @Override
        public boolean densePositions() {
          return true; // lets the per-partition guard check gaps too: the most it can do
        }

        @Override
        public void report(OrderingViolation violation) {
          throw new IllegalStateException("unexpected violation " + violation);
        }
      };

  /** Records in source order: dense positions per partition, and per key a dense header sequence. */
  @State(Scope.Benchmark)
  public static class Stream {
    Record[] records;

    @Setup(Level.Trial)
    public void build() {
      PartitionId[] partitions = new PartitionId[PARTITIONS];
      for (int p = 0; p < PARTITIONS; p++) {
        partitions[p] = PartitionId.of("bench-" + p);
      }
      byte[][] keys = new byte[KEYS][];
      for (int k = 0; k < KEYS; k++) {
        keys[k] = ByteBuffer.allocate(8).putLong(k * 0x9E3779B97F4A7C15L).array();
      }
      long[] positions = new long[PARTITIONS];
      long[][] sequences = new long[PARTITIONS][KEYS];
      byte[] value = new byte[100];
      records = new Record[RECORDS];
      for (int i = 0; i < RECORDS; i++) {
        int p = i % PARTITIONS;
        int k = (i / PARTITIONS) % KEYS;
        byte[] sequence = ByteBuffer.allocate(8).putLong(++sequences[p][k]).array();
        records[i] =
            new Record(
                keys[k],
                value,
                Headers.of(Header.of(SEQUENCE_HEADER, sequence)),
                0,
                partitions[p],
                Position.of(positions[p]++));
      }
    }
  }

  /** The guard under test. */
  public enum Guard {
    /** {@code Ordering.perPartition()}: positions, dense, FAIL. */
    PER_PARTITION(Ordering.perPartition()),
    /** {@code Ordering.perKey().sequenceFromHeader("seq")}: an 8-byte sequence per key, FAIL. */
    PER_KEY_HEADER_SEQUENCE(Ordering.perKey().sequenceFromHeader(SEQUENCE_HEADER));

    final Ordering ordering;

    Guard(Ordering ordering) {
      this.ordering = ordering;
    }
  }

  /** Which guard {@link #guard} measures. */
  @State(Scope.Benchmark)
  public static class Choice {
    @Param
    public Guard guard;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long guard(Stream stream, Choice choice) {
    return admitAll(choice.guard.ordering.create(CONTEXT), stream.records);
  }

  /**
   * Baseline: no guard, only passing each record on. The guard of {@link Ordering#none()} admits
   * everything, so the JIT would remove the whole loop; handing each record to a {@link
   * Blackhole} instead is the least that passing it on can cost, so the difference with {@link
   * #guard} is what checking adds per record.
   */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void baselineNoGuard(Stream stream, Blackhole sink) {
    OrderingGuard none = Ordering.none().create(CONTEXT);
    for (Record record : stream.records) {
      if (none.admit(record)) {
        sink.consume(record);
      }
    }
  }

  private static long admitAll(OrderingGuard guard, Record[] records) {
    long admitted = 0;
    for (Record record : records) {
      if (guard.admit(record)) {
        admitted++;
      }
    }
    if (admitted != records.length) {
      throw new IllegalStateException("admitted " + admitted + " of " + records.length);
    }
    return admitted;
  }
}
