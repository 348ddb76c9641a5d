package io.streammigration.core.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.error.OrderingViolationException.Kind;
import io.streammigration.core.ordering.GuardFixture.RecordingContext;
import io.streammigration.core.ordering.Ordering.SequenceSource;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SequenceGuardProperties {

  /** A fault injected into an in-order stream. */
  enum Fault {
    REPLAY,
    DELETE,
    SWAP
  }

  record Injection(Fault fault, int at, int from) {}

  @Provide
  Arbitrary<StreamScript> scripts() {
    return StreamScript.scripts();
  }

  @Provide
  Arbitrary<List<Injection>> injections() {
    return Combinators.combine(
            Arbitraries.of(Fault.class),
            Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(0, 1000))
        .as(Injection::new)
        .list()
        .ofMaxSize(8);
  }

  @Property(tries = 400)
  void inOrderStreamsPassUntouchedInEveryMode(
      @ForAll("scripts") StreamScript script,
      @ForAll boolean perKey,
      @ForAll SequenceSource source,
      @ForAll boolean dense,
      @ForAll OrderingPolicy policy) {
    RecordingContext context = new RecordingContext(dense);
    OrderingGuard guard = GuardFixture.ordering(perKey, source, policy).create(context);

    for (Record record : script.records(perKey, source, dense)) {
      assertThat(guard.admit(record)).as("admit %s", record).isTrue();
    }
    assertThat(context.reported).isEmpty();
  }

  @Property(tries = 300)
  void dropDuplicatesDropsExactlyTheReplaysAndReportsEachOne(
      @ForAll("scripts") StreamScript script,
      @ForAll boolean perKey,
      @ForAll SequenceSource source,
      @ForAll boolean dense,
      @ForAll("injections") List<Injection> replays) {
    List<Record> original = script.records(perKey, source, dense);
    List<Record> replayed = new ArrayList<>(original);
    int injected = 0;
    for (Injection replay : replays) {
      if (replayed.isEmpty()) {
        break;
      }
      // Insert a copy after its original, wherever later in the stream.
      int at = replay.at() % replayed.size();
      replayed.add(at + 1, replayed.get(replay.from() % (at + 1)));
      injected++;
    }
    RecordingContext context = new RecordingContext(dense);
    OrderingGuard guard =
        GuardFixture.ordering(perKey, source, OrderingPolicy.DROP_DUPLICATES).create(context);

    List<Record> passed = new ArrayList<>();
    for (Record record : replayed) {
      if (guard.admit(record)) {
        passed.add(record);
      }
    }

    assertThat(passed).containsExactlyElementsOf(original);
    assertThat(context.reported).hasSize(injected);
    assertThat(context.reported)
        .allSatisfy(
            v -> {
              assertThat(v.kind()).isEqualTo(Kind.DUPLICATE);
              assertThat(v.dropped()).isTrue();
              if (source != SequenceSource.POSITIONS) {
                // With positions the two longs are offsets only, without their segments.
                assertThat(v.actual()).isLessThanOrEqualTo(v.expected());
              }
            });
  }

  @Property(tries = 300)
  void restoringASnapshotMidStreamGivesTheSameDecisionsAsAnUninterruptedGuard(
      @ForAll("scripts") StreamScript script,
      @ForAll boolean perKey,
      @ForAll SequenceSource source,
      @ForAll boolean dense,
      @ForAll OrderingPolicy policy,
      @ForAll("injections") List<Injection> faults,
      @ForAll @IntRange(min = 0, max = 1000) int cut) {
    List<Record> records = inject(script.records(perKey, source, dense), faults);
    Ordering ordering = GuardFixture.ordering(perKey, source, policy);
    int split = records.isEmpty() ? 0 : cut % (records.size() + 1);

    RecordingContext whole = new RecordingContext(dense);
    List<String> expected = decide(ordering.create(whole), records);

    RecordingContext before = new RecordingContext(dense);
    OrderingGuard first = ordering.create(before);
    List<String> actual = decide(first, records.subList(0, split));
    byte[] snapshot = first.snapshot();
    RecordingContext after = new RecordingContext(dense);
    OrderingGuard resumed = ordering.create(after);
    resumed.restore(snapshot);
    actual.addAll(decide(resumed, records.subList(split, records.size())));

    assertThat(actual).isEqualTo(expected);
    List<OrderingViolation> reported = new ArrayList<>(before.reported);
    reported.addAll(after.reported);
    assertThat(reported).isEqualTo(whole.reported);
    assertThat(resumed.snapshot()).isEqualTo(snapshotOf(ordering, dense, records));
  }

  @Property(tries = 200)
  void equalStatesEncodeToEqualBytesWhateverTheArrivalOrder(
      @ForAll("scripts") StreamScript script,
      @ForAll boolean perKey,
      @ForAll SequenceSource source) {
    List<Record> interleaved = script.records(perKey, source, false);
    // Same records per partition, in the same order, but partitions one after another, last first.
    List<Record> grouped = new ArrayList<>(interleaved);
    grouped.sort(Comparator.comparing((Record r) -> r.partition()).reversed());
    Ordering ordering = GuardFixture.ordering(perKey, source, OrderingPolicy.FAIL);

    byte[] fromInterleaved = snapshotOf(ordering, false, interleaved);
    byte[] fromGrouped = snapshotOf(ordering, false, grouped);
    OrderingGuard restored = ordering.create(new RecordingContext(false));
    restored.restore(fromInterleaved);

    assertThat(fromGrouped).isEqualTo(fromInterleaved);
    assertThat(restored.snapshot()).isEqualTo(fromInterleaved);
  }

  @Property(tries = 200)
  void everyTruncationOfAValidSnapshotIsRejectedAsCorrupt(
      @ForAll("scripts") StreamScript script,
      @ForAll boolean perKey,
      @ForAll SequenceSource source,
      @ForAll @IntRange(min = 1, max = 100_000) int cut) {
    Ordering ordering = GuardFixture.ordering(perKey, source, OrderingPolicy.FAIL);
    byte[] snapshot = snapshotOf(ordering, false, script.records(perKey, source, false));
    byte[] truncated = Arrays.copyOf(snapshot, 1 + cut % (snapshot.length - 1));
    OrderingGuard guard = ordering.create(new RecordingContext(false));

    assertThatThrownBy(() -> guard.restore(truncated))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessageContaining("corrupt ordering guard state");
    // A failed restore leaves a fresh guard, never a half-restored one.
    assertThat(guard.snapshot()).isEqualTo(ordering.create(new RecordingContext(false)).snapshot());
  }

  @Property(tries = 300)
  void garbageStateIsEitherDecodedOrRejectedWithAMigrationException(
      @ForAll("scripts") StreamScript script,
      @ForAll boolean perKey,
      @ForAll @IntRange(min = 0, max = 100_000) int index,
      @ForAll byte flip) {
    SequenceSource source = SequenceSource.POSITIONS;
    Ordering ordering = GuardFixture.ordering(perKey, source, OrderingPolicy.FAIL);
    byte[] state = snapshotOf(ordering, false, script.records(perKey, source, false));
    state[index % state.length] ^= (byte) (flip == 0 ? 1 : flip);
    OrderingGuard guard = ordering.create(new RecordingContext(false));

    try {
      guard.restore(state);
    } catch (MigrationException expected) {
      assertThat(expected).hasMessageContaining("ordering guard state");
    }
  }

  private static byte[] snapshotOf(Ordering ordering, boolean dense, List<Record> records) {
    OrderingGuard guard = ordering.create(new RecordingContext(dense));
    decide(guard, records);
    return guard.snapshot();
  }

  /** Each record's verdict: admit, drop, or the violation that failed it. */
  private static List<String> decide(OrderingGuard guard, List<Record> records) {
    List<String> decisions = new ArrayList<>(records.size());
    for (Record record : records) {
      try {
        decisions.add(guard.admit(record) ? "admit" : "drop");
      } catch (OrderingViolationException e) {
        decisions.add("fail " + e.getMessage());
      }
    }
    return decisions;
  }

  private static List<Record> inject(List<Record> records, List<Injection> faults) {
    List<Record> out = new ArrayList<>(records);
    for (Injection fault : faults) {
      if (out.size() < 2) {
        break;
      }
      int at = fault.at() % (out.size() - 1);
      switch (fault.fault()) {
        case REPLAY:
          out.add(at + 1, out.get(fault.from() % (at + 1)));
          break;
        case DELETE:
          out.remove(at);
          break;
        default:
          out.set(at, out.set(at + 1, out.get(at)));
          break;
      }
    }
    return out;
  }
}
