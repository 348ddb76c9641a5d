package io.streammigration.core.checkpoint;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Checkpoints for tests: fixed ones by id, and a jqwik generator covering the whole format. */
final class Checkpoints {

  private Checkpoints() {}

  /** A small, distinct checkpoint for {@code id}. */
  static Checkpoint withId(long id) {
    return Checkpoint.builder(id)
        .createdAt(Instant.ofEpochMilli(1_700_000_000_000L + id))
        .position(PartitionId.of("orders-0"), Position.of(id * 10))
        .position(PartitionId.of("orders-1"), Position.of(2, id))
        .guardState(new byte[] {(byte) id, 1, 2})
        .records(id * 100)
        .bytes(id * 1000)
        .deadLetters(id)
        .build();
  }

  /** Arbitrary checkpoints: non-ASCII and supplementary partition names, any position or count. */
  static Arbitrary<Checkpoint> arbitrary(int maxPartitions, int maxGuardBytes) {
    Arbitrary<Map<PartitionId, Position>> positions =
        Arbitraries.maps(partitionIds(), positions()).ofMaxSize(maxPartitions);
    Arbitrary<byte[]> guard = Arbitraries.bytes().array(byte[].class).ofMaxSize(maxGuardBytes);
    Arbitrary<Instant> createdAt =
        Combinators.combine(
                Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L),
                Arbitraries.integers().between(0, 999_999_999))
            .as(Instant::ofEpochSecond);
    Arbitrary<Long> counts = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            createdAt,
            positions,
            guard,
            counts,
            counts)
        .as(
            (id, at, pos, state, records, bytes) ->
                Checkpoint.builder(id)
                    .createdAt(at)
                    .positions(pos)
                    .guardState(state)
                    .records(records)
                    .bytes(bytes)
                    .deadLetters(bytes / 3)
                    .build());
  }

  @SuppressWarnings("unchecked") // generic varargs of frequencyOf
  private static Arbitrary<PartitionId> partitionIds() {
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.integers().between(0x21, 0x7E)),
            Tuple.of(2, Arbitraries.integers().between(0xA0, 0xD7FF)),
            Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFD)),
            Tuple.of(1, Arbitraries.integers().between(0x1_0000, 0x10_FFFF)));
    return codePoints
        .list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(cps -> cps.stream().mapToInt(Integer::intValue).toArray())
        .map(cps -> new PartitionId(new String(cps, 0, cps.length)));
  }

  private static Arbitrary<Position> positions() {
    Arbitrary<Long> nonNegative =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.of(0L, 1L, Long.MAX_VALUE));
    return Combinators.combine(nonNegative, nonNegative).as(Position::new);
  }
}
