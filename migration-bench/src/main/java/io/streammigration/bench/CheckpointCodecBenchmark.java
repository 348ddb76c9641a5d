package io.streammigration.bench;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.CheckpointCodec;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one checkpoint costs to serialize and read back with {@link CheckpointCodec}, for 1, 16 and
 * 256 partitions, with a per-partition guard's real state inside. The baselines write and read the
 * same fields with a bare {@link ByteBuffer}: no magic, version, checksum or strict UTF-8, so the
 * ratio is the price of the codec's safety.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class CheckpointCodecBenchmark {

  /** One checkpoint, in object and in encoded form. */
  @State(Scope.Benchmark)
  public static class Input {
    @Param({"1", "16", "256"})
    public int partitions;

    Checkpoint checkpoint;
    byte[] encoded;
    byte[] plainEncoded;

    @Setup(Level.Trial)
    public void build() {
      OrderingGuard guard = Ordering.perPartition().create(OrderingGuardBenchmark.CONTEXT);
      Checkpoint.Builder builder =
          Checkpoint.builder(42)
              .createdAt(Instant.now())
              .records(123_456_789)
              .bytes(12_345_678_900L)
              .deadLetters(3);
      for (int p = 0; p < partitions; p++) {
        PartitionId id = PartitionId.of("orders-" + p);
        Position position = Position.of(1_000_000L + p);
        guard.admit(new Record(null, new byte[0], Headers.EMPTY, 0, id, position));
        builder.position(id, position);
      }
      checkpoint = builder.guardState(guard.snapshot()).build();
      encoded = CheckpointCodec.encode(checkpoint);
      plainEncoded = plainEncode(checkpoint);
    }
  }

  @Benchmark
  public byte[] encode(Input input) {
    return CheckpointCodec.encode(input.checkpoint);
  }

  @Benchmark
  public Checkpoint decode(Input input) {
    return CheckpointCodec.decode(input.encoded, "benchmark");
  }

  /** Baseline for {@link #encode}: the same fields, bare. */
  @Benchmark
  public byte[] baselinePlainEncode(Input input) {
    return plainEncode(input.checkpoint);
  }

  /** Baseline for {@link #decode}: the same fields read back into a checkpoint, unchecked. */
  @Benchmark
  public Checkpoint baselinePlainDecode(Input input) {
    return plainDecode(input.plainEncoded);
  }

  static byte[] plainEncode(Checkpoint checkpoint) {
    Map<PartitionId, Position> positions = checkpoint.positions();
    byte[][] names = new byte[positions.size()][];
    int size = 8 * 5 + 4;
    int i = 0;
    for (PartitionId partition : positions.keySet()) {
      names[i] = partition.name().getBytes(StandardCharsets.UTF_8);
      size += 2 + names[i++].length + 16;
    }
    byte[] guardState = checkpoint.guardState();
    size += 4 + guardState.length;
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putLong(checkpoint.id());
    out.putLong(checkpoint.createdAt().toEpochMilli());
    out.putLong(checkpoint.records());
    out.putLong(checkpoint.bytes());
    out.putLong(checkpoint.deadLetters());
    out.putInt(positions.size());
    i = 0;
    for (Position position : positions.values()) {
      out.putShort((short) names[i].length);
      out.put(names[i++]);
      out.putLong(position.segment());
      out.putLong(position.offset());
    }
    out.putInt(guardState.length);
    out.put(guardState);
    return out.array();
  }

  static Checkpoint plainDecode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Checkpoint.Builder b = Checkpoint.builder(in.getLong());
    b.createdAt(Instant.ofEpochMilli(in.getLong()));
    b.records(in.getLong());
    b.bytes(in.getLong());
    b.deadLetters(in.getLong());
    int count = in.getInt();
    for (int i = 0; i < count; i++) {
      int length = Short.toUnsignedInt(in.getShort());
      String name = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
      in.position(in.position() + length);
      b.position(new PartitionId(name), new Position(in.getLong(), in.getLong()));
    }
    byte[] guardState = new byte[in.getInt()];
    in.get(guardState);
    return b.guardState(guardState).build();
  }
}
