package io.streammigration.core.ordering;

import static io.streammigration.core.ordering.GuardFixture.at;
import static io.streammigration.core.ordering.GuardFixture.keyed;
import static io.streammigration.core.ordering.GuardFixture.withBinarySequence;
import static io.streammigration.core.ordering.GuardFixture.withTextSequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.error.OrderingViolationException.Kind;
import io.streammigration.core.ordering.GuardFixture.RecordingContext;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SequenceGuardTest {

  private final RecordingContext dense = new RecordingContext(true);
  private final RecordingContext sparse = new RecordingContext(false);

  private static void admitAll(OrderingGuard guard, Record... records) {
    for (Record r : records) {
      assertThat(guard.admit(r)).as("admit %s", r).isTrue();
    }
  }

  private static void assertViolation(
      ThrowingCallable call, Kind kind, String partition, Position position, String detail) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            OrderingViolationException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.partition()).isEqualTo(PartitionId.of(partition));
              assertThat(e.position()).isEqualTo(position);
            })
        .hasMessageContaining(detail);
  }

  @Test
  void replayedPositionFailsAsDuplicateNamingPartitionAndPosition() {
    OrderingGuard guard = Ordering.perPartition().create(sparse);
    admitAll(guard, at("p", 1), at("p", 5), at("p", 9));

    assertViolation(() -> guard.admit(at("p", 5)), Kind.DUPLICATE, "p", Position.of(5), "after 9");
    assertViolation(() -> guard.admit(at("p", 9)), Kind.DUPLICATE, "p", Position.of(9), "after 9");
  }

  @Test
  void earlierSegmentIsADuplicateWhateverItsOffset() {
    OrderingGuard guard = Ordering.perPartition().create(sparse);
    admitAll(guard, at("p", 2, 10));

    assertViolation(
        () -> guard.admit(at("p", 1, 500)), Kind.DUPLICATE, "p", Position.of(1, 500), "2:10");
  }

  @Test
  void skippedOffsetFailsAsGapOnlyWhenPositionsAreDense() {
    OrderingGuard strict = Ordering.perPartition().create(dense);
    OrderingGuard lenient = Ordering.perPartition().create(sparse);
    admitAll(strict, at("p", 3), at("p", 4));
    admitAll(lenient, at("p", 3), at("p", 4), at("p", 6));

    assertViolation(
        () -> strict.admit(at("p", 6)), Kind.GAP, "p", Position.of(6), "expected offset 5");
  }

  @Test
  void newSegmentMayStartAtAnyOffsetEvenWhenDense() {
    OrderingGuard guard = Ordering.perPartition().create(dense);
    admitAll(guard, at("p", 0, 7), at("p", 0, 8), at("p", 1, 100), at("p", 1, 101), at("p", 3, 0));

    assertViolation(() -> guard.admit(at("p", 3, 2)), Kind.GAP, "p", Position.of(3, 2), "offset 1");
  }

  @Test
  void perKeyPositionsDetectNoGapsButStillDetectReplays() {
    OrderingGuard guard = Ordering.perKey().create(dense);
    admitAll(guard, keyed("p", "a", 0, 1), keyed("p", "b", 0, 2), keyed("p", "a", 0, 3));

    assertViolation(
        () -> guard.admit(keyed("p", "a", 0, 2)), Kind.DUPLICATE, "p", Position.of(2), "after 3");
  }

  @Test
  void nullKeyIsAScopeOfItsOwnDistinctFromTheEmptyKey() {
    OrderingGuard guard = Ordering.perKey().sequenceFromHeader("seq").create(sparse);
    admitAll(
        guard,
        withBinarySequence(keyed("p", null, 0, 1), 10),
        withBinarySequence(keyed("p", "", 0, 2), 50),
        withBinarySequence(keyed("p", null, 0, 3), 11),
        withBinarySequence(keyed("p", "", 0, 4), 51));

    assertViolation(
        () -> guard.admit(withBinarySequence(keyed("p", null, 0, 5), 11)),
        Kind.DUPLICATE,
        "p",
        Position.of(5),
        "null key");
  }

  @Test
  void sameKeyInAnotherPartitionIsAnotherScope() {
    OrderingGuard guard = Ordering.perKey().create(sparse);
    admitAll(guard, keyed("p", "a", 0, 9), keyed("q", "a", 0, 1));
  }

  @Test
  void headerSequenceMustAdvanceByExactlyOne() {
    OrderingGuard guard = Ordering.perPartition().sequenceFromHeader("seq").create(sparse);
    admitAll(guard, withBinarySequence(at("p", 100), 41), withBinarySequence(at("p", 200), 42));

    assertViolation(
        () -> guard.admit(withBinarySequence(at("p", 300), 44)),
        Kind.GAP,
        "p",
        Position.of(300),
        "expected sequence 43");
    assertViolation(
        () -> guard.admit(withBinarySequence(at("p", 300), 40)),
        Kind.DUPLICATE,
        "p",
        Position.of(300),
        "got sequence 40");
  }

  @Test
  void headerSequenceIgnoresPositions() {
    OrderingGuard guard = Ordering.perPartition().sequenceFromTextHeader("seq").create(dense);
    // Positions go backwards and skip, but the header sequence is what is checked.
    admitAll(guard, withTextSequence(at("p", 9), 1), withTextSequence(at("p", 2), 2));
  }

  @Test
  void textHeaderAcceptsTheFullLongRange() {
    OrderingGuard guard = Ordering.perKey().sequenceFromTextHeader("seq").create(sparse);
    admitAll(
        guard,
        withTextSequence(keyed("p", "min", 0, 1), Long.MIN_VALUE),
        withTextSequence(keyed("p", "min", 0, 2), Long.MIN_VALUE + 1),
        withTextSequence(keyed("p", "max", 0, 3), Long.MAX_VALUE - 1),
        withTextSequence(keyed("p", "max", 0, 4), Long.MAX_VALUE));
    // Nothing follows Long.MAX_VALUE, so anything after it is at or below it.
    assertViolation(
        () -> guard.admit(withTextSequence(keyed("p", "max", 0, 5), Long.MAX_VALUE)),
        Kind.DUPLICATE,
        "p",
        Position.of(5),
        "got sequence");
  }

  @Test
  void missingSequenceHeaderFailsNamingPartitionPositionAndHeaderUnderEveryPolicy() {
    for (OrderingPolicy policy : OrderingPolicy.values()) {
      OrderingGuard guard =
          Ordering.perPartition().sequenceFromHeader("seq").policy(policy).create(sparse);
      assertThatThrownBy(() -> guard.admit(at("orders-3", 0, 17)))
          .isExactlyInstanceOf(MigrationException.class)
          .hasMessageContaining("orders-3")
          .hasMessageContaining("17")
          .hasMessageContaining("\"seq\"");
    }
  }

  @Test
  void malformedSequenceHeadersFailClearly() {
    OrderingGuard binary = Ordering.perPartition().sequenceFromHeader("seq").create(sparse);
    OrderingGuard text = Ordering.perPartition().sequenceFromTextHeader("seq").create(sparse);
    Record base = at("p", 4);

    assertThatThrownBy(() -> binary.admit(withHeader(base, new byte[] {1, 2, 3})))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessageContaining("malformed sequence header \"seq\"")
        .hasMessageContaining("expected 8 bytes");
    String[] bad = {"", "-", "12a", "+5", " 5", "99999999999999999999", "9223372036854775808"};
    for (String value : bad) {
      assertThatThrownBy(() -> text.admit(withHeader(base, value.getBytes())))
          .as("text header %s", value)
          .isExactlyInstanceOf(MigrationException.class)
          .hasMessageContaining("malformed sequence header \"seq\"")
          .hasMessageContaining("partition p");
    }
  }

  @Test
  void badHeaderLeavesStateUntouched() {
    OrderingGuard guard = Ordering.perPartition().sequenceFromTextHeader("seq").create(sparse);
    admitAll(guard, withTextSequence(at("p", 1), 7));
    assertThatThrownBy(() -> guard.admit(withHeader(at("p", 2), "x".getBytes())))
        .isInstanceOf(MigrationException.class);

    admitAll(guard, withTextSequence(at("p", 3), 8));
  }

  @Test
  void dropDuplicatesDropsAndReportsReplaysButStillFailsOnGaps() {
    OrderingGuard guard =
        Ordering.perPartition().policy(OrderingPolicy.DROP_DUPLICATES).create(dense);
    admitAll(guard, at("p", 1), at("p", 2));

    assertThat(guard.admit(at("p", 2))).isFalse();
    assertThat(guard.admit(at("p", 1))).isFalse();
    assertThat(guard.admit(at("p", 3))).isTrue();
    assertThat(dense.reported)
        .containsExactly(
            new OrderingViolation(Kind.DUPLICATE, PartitionId.of("p"), Position.of(2), 2, 2, true),
            new OrderingViolation(Kind.DUPLICATE, PartitionId.of("p"), Position.of(1), 2, 1, true));
    assertViolation(() -> guard.admit(at("p", 5)), Kind.GAP, "p", Position.of(5), "offset 4");
  }

  @Test
  void reportPassesEverythingAndJudgesLaterRecordsAgainstTheHighestSeen() {
    OrderingGuard guard =
        Ordering.perPartition()
            .sequenceFromHeader("seq")
            .policy(OrderingPolicy.REPORT)
            .create(sparse);
    PartitionId p = PartitionId.of("p");

    admitAll(
        guard,
        withBinarySequence(at("p", 1), 1),
        withBinarySequence(at("p", 2), 4), // gap: 2 and 3 missing
        withBinarySequence(at("p", 3), 2), // below the highest seen: reported as a duplicate
        withBinarySequence(at("p", 4), 5)); // follows 4: fine

    assertThat(sparse.reported)
        .containsExactly(
            new OrderingViolation(Kind.GAP, p, Position.of(2), 2, 4, false),
            new OrderingViolation(Kind.DUPLICATE, p, Position.of(3), 4, 2, false));
  }

  @Test
  void swappedNeighboursShowAsGapWhenDenseAndAsDuplicateOtherwise() {
    OrderingGuard strict = Ordering.perPartition().create(dense);
    OrderingGuard lenient = Ordering.perPartition().create(sparse);
    admitAll(strict, at("p", 4));
    admitAll(lenient, at("p", 4), at("p", 6));

    assertViolation(() -> strict.admit(at("p", 6)), Kind.GAP, "p", Position.of(6), "offset 5");
    assertViolation(() -> lenient.admit(at("p", 5)), Kind.DUPLICATE, "p", Position.of(5), "6");
  }

  @Test
  void failedRecordDoesNotAdvanceTheState() {
    OrderingGuard guard = Ordering.perPartition().create(dense);
    admitAll(guard, at("p", 1));
    assertThatThrownBy(() -> guard.admit(at("p", 3)))
        .isInstanceOf(OrderingViolationException.class);

    admitAll(guard, at("p", 2), at("p", 3));
  }

  @Test
  void noneAdmitsAnythingAndKeepsNoState() {
    OrderingGuard guard = Ordering.none().create(dense);
    guard.restore(new byte[] {42, 0, 7});

    admitAll(guard, at("p", 5), at("p", 5), at("p", 1), at("p", 100));
    assertThat(guard.snapshot()).isEmpty();
    assertThat(dense.reported).isEmpty();
  }

  private static Record withHeader(Record record, byte[] value) {
    return record.withHeaders(record.headers().replacing(Header.of("seq", value)));
  }
}
