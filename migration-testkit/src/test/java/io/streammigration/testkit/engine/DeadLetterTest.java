package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.DeadLetterPolicy;
import io.streammigration.core.policy.DeadLetterPolicy.Tolerance;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Transform;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Records a transform rejects go to the dead-letter sink with their origin and reason, are
 * counted against a tolerance, and, with crashes injected, are dead-lettered exactly once in
 * EXACTLY_ONCE mode while the rest arrive in order.
 */
class DeadLetterTest {

  /** Poison: every record whose value's first byte is divisible by 11 (about 9% of them). */
  private static final Predicate<Record> POISON =
      r -> r.value() != null && r.value().length > 0 && Math.floorMod(r.value()[0], 11) == 0;

  /** Rejects poison records; emits an extra copy first for some, to test partial output. */
  private static final Transform REJECT_POISON =
      (record, out) -> {
        if (POISON.test(record)) {
          out.emit(record); // partial output that must not reach the sink
          throw new RecordRejectedException(record, "poison value " + record.value()[0]);
        }
        out.emit(record);
      };

  private static SortedMap<PartitionId, List<Record>> select(
      GeneratedStream stream, Predicate<Record> keep) {
    SortedMap<PartitionId, List<Record>> selected = new TreeMap<>();
    stream
        .byPartition()
        .forEach(
            (p, records) -> {
              List<Record> kept = records.stream().filter(keep).toList();
              if (!kept.isEmpty()) {
                selected.put(p, kept);
              }
            });
    return selected;
  }

  @Property(tries = 60)
  void eachPoisonRecordIsDeadLetteredExactlyOnceThroughCrashes(
      @ForAll @IntRange(min = 1, max = 4) int partitions,
      @ForAll @IntRange(min = 1, max = 300) int perPartition,
      @ForAll @IntRange(min = 1, max = 50) int checkpointEvery,
      @ForAll @Size(min = 1, max = 5) List<@DoubleRange(min = 0, max = 1, maxIncluded = false) Double> crashPoints) {
    GeneratedStream stream =
        StreamSpec.builder().partitions(partitions, perPartition).keys(partitions * 3).build().generate();
    InMemoryDestination main = new InMemoryDestination();
    InMemoryDestination deadLetters = new InMemoryDestination();
    Function<CrashSwitch, Migration> process =
        crash ->
            Migration.builder()
                .source(crash.guard(InMemorySource.bounded(stream)))
                .sink(crash.guard(main.newTransactionalSink()))
                .deadLetters(
                    DeadLetterPolicy.to(
                        crash.guard(deadLetters.newTransactionalSink()), Tolerance.unlimited()))
                .transform(REJECT_POISON)
                .batchSize(7)
                .pollTimeout(Duration.ofMillis(5))
                .checkpointTrigger(CheckpointTrigger.everyRecords(checkpointEvery))
                .build();

    int steps =
        CrashSwitch.stepsOf(
                recording -> {
                  InMemoryDestination scratchMain = new InMemoryDestination();
                  InMemoryDestination scratchDead = new InMemoryDestination();
                  Migration.builder()
                      .source(recording.guard(InMemorySource.bounded(stream)))
                      .sink(recording.guard(scratchMain.newTransactionalSink()))
                      .deadLetters(
                          DeadLetterPolicy.to(
                              recording.guard(scratchDead.newTransactionalSink()),
                              Tolerance.unlimited()))
                      .transform(REJECT_POISON)
                      .batchSize(7)
                      .checkpointTrigger(CheckpointTrigger.everyRecords(checkpointEvery))
                      .build()
                      .run();
                })
            .size();
    boolean finished = false;
    for (double point : crashPoints) {
      try {
        process.apply(CrashSwitch.atStepNumber(1 + (int) (point * steps))).run();
        finished = true;
        break;
      } catch (SimulatedCrash expected) {
        // restart
      }
    }
    if (!finished) {
      process.apply(CrashSwitch.recording()).run();
    }

    assertThat(main.committedRecords()).isEqualTo(select(stream, POISON.negate()));
    SortedMap<PartitionId, List<Record>> poison = select(stream, POISON);
    SortedMap<PartitionId, List<Record>> routed = deadLetters.committedRecords();
    assertThat(routed.keySet()).isEqualTo(poison.keySet());
    routed.forEach(
        (p, records) -> {
          assertThat(records).extracting(Record::position).isEqualTo(
              poison.get(p).stream().map(Record::position).toList());
          for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).value()).isEqualTo(poison.get(p).get(i).value());
          }
        });
    long poisonCount = poison.values().stream().mapToLong(List::size).sum();
    main.committedCheckpoint().ifPresent(cp -> assertThat(cp.deadLetters()).isEqualTo(poisonCount));
  }

  @Test
  void aDeadLetterCarriesWhyWhereFromAndWhen() {
    GeneratedStream stream = StreamSpec.builder().partitions(1, 200).keys(3).build().generate();
    InMemoryDestination deadLetters = new InMemoryDestination();
    long before = System.currentTimeMillis();

    MigrationResult result =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(new InMemoryDestination().newTransactionalSink())
            .deadLetters(DeadLetterPolicy.to(deadLetters.newTransactionalSink(), Tolerance.unlimited()))
            .transform(REJECT_POISON)
            .build()
            .run();

    List<Record> routed = deadLetters.committedRecords(GeneratedStream.partition(0));
    assertThat(routed).isNotEmpty().hasSize((int) result.deadLetters());
    Record first = routed.get(0);
    Record original =
        stream.records(0).stream().filter(r -> r.position().equals(first.position())).findFirst().orElseThrow();
    assertThat(first.headers().lastNamed(DeadLetterPolicy.REASON).orElseThrow().valueAsUtf8())
        .startsWith("poison value");
    assertThat(first.headers().lastNamed(DeadLetterPolicy.ERROR).orElseThrow().valueAsUtf8())
        .isEqualTo(RecordRejectedException.class.getName());
    assertThat(first.headers().lastNamed(DeadLetterPolicy.PARTITION).orElseThrow().valueAsUtf8())
        .isEqualTo("p0");
    assertThat(first.headers().lastNamed(DeadLetterPolicy.POSITION).orElseThrow().valueAsUtf8())
        .isEqualTo("0:" + original.position().offset());
    assertThat(Long.parseLong(first.headers().lastNamed(DeadLetterPolicy.TIME).orElseThrow().valueAsUtf8()))
        .isBetween(before, System.currentTimeMillis());
    assertThat(first.value()).isEqualTo(original.value());
    assertThat(first.key()).isEqualTo(original.key());
  }

  @Test
  void withoutADeadLetterSinkARejectedRecordFailsTheRun() {
    GeneratedStream stream = StreamSpec.builder().partitions(1, 200).keys(3).build().generate();
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(new InMemoryDestination().newTransactionalSink())
            .transform(REJECT_POISON)
            .build();
    assertThatThrownBy(migration::run)
        .isInstanceOf(RecordRejectedException.class)
        .hasMessageContaining("partition p0 at position");
  }

  @Test
  void exceedingTheCountToleranceFailsTheRunNamingTheLimit() {
    GeneratedStream stream = StreamSpec.builder().partitions(2, 500).keys(6).build().generate();
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(new InMemoryDestination().newSink())
            .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(InMemoryCheckpointStore.create())
            .deadLetters(DeadLetterPolicy.to(new InMemoryDestination().newSink(), Tolerance.atMost(3)))
            .transform(REJECT_POISON)
            .build();
    assertThatThrownBy(migration::run)
        .isInstanceOf(MigrationException.class)
        .hasMessageStartingWith("dead-letter tolerance atMost(3) exceeded: 4 dead letters")
        .hasCauseInstanceOf(RecordRejectedException.class);
  }

  @Test
  void aRatioToleranceAllowsOccasionalRejectsButNotAFlood() {
    GeneratedStream stream = StreamSpec.builder().partitions(1, 2_000).keys(3).build().generate();
    MigrationResult tolerated =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(new InMemoryDestination().newTransactionalSink())
            .deadLetters(
                DeadLetterPolicy.to(
                    new InMemoryDestination().newTransactionalSink(), Tolerance.atMostRatio(0.2, 100)))
            .transform(REJECT_POISON)
            .build()
            .run();
    assertThat(tolerated.deadLetters()).isPositive();

    Migration flooded =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(new InMemoryDestination().newTransactionalSink())
            .deadLetters(
                DeadLetterPolicy.to(
                    new InMemoryDestination().newTransactionalSink(), Tolerance.atMostRatio(0.01, 100)))
            .transform(REJECT_POISON)
            .build();
    assertThatThrownBy(flooded::run).hasMessageStartingWith("dead-letter tolerance atMostRatio(0.01, 100)");
  }

  @Test
  void exactlyOnceRefusesANonTransactionalDeadLetterSink() {
    assertThatThrownBy(
            () ->
                Migration.builder()
                    .source(InMemorySource.bounded(StreamSpec.ofDefaults().generate()))
                    .sink(new InMemoryDestination().newTransactionalSink())
                    .deadLetters(
                        DeadLetterPolicy.to(new InMemoryDestination().newSink(), Tolerance.unlimited()))
                    .build())
        .isInstanceOf(MigrationConfigException.class)
        .hasMessageStartingWith("deadLetters: EXACTLY_ONCE requires a TransactionalSink");
  }
}
