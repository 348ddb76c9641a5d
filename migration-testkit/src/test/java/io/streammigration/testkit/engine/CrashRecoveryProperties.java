package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The delivery invariants under crashes: random streams (1 to 8 partitions, random sizes and
 * keys), random checkpoint triggers and batch sizes, and a random sequence of crashes, each at a
 * random step of the protocol (any SPI call of source or sink, before or after it reaches the
 * adapter). After each crash the process is restarted with fresh adapter instances over the same
 * destination and checkpoint store, until a run completes the stream.
 */
class CrashRecoveryProperties {

  /** A trigger with the most records it lets pass between checkpoints (before the batch check). */
  record TriggerCase(String name, CheckpointTrigger trigger, long recordBound) {
    @Override
    public String toString() {
      return name;
    }
  }

  @Provide
  Arbitrary<StreamSpec> streams() {
    Arbitrary<int[]> counts =
        Arbitraries.integers().between(0, 250).array(int[].class).ofMinSize(1).ofMaxSize(8);
    return Combinators.combine(counts, Arbitraries.longs(), Arbitraries.integers().between(1, 40))
        .as(
            (c, seed, keysPerPartition) ->
                StreamSpec.builder()
                    .recordsPerPartition(c)
                    .keys(c.length * keysPerPartition)
                    .seed(seed)
                    .tombstoneRatio(0.05)
                    .valueSize(0, 32)
                    .build());
  }

  @Provide
  Arbitrary<TriggerCase> triggers() {
    Arbitrary<TriggerCase> records =
        Arbitraries.integers()
            .between(1, 300)
            .map(n -> new TriggerCase("everyRecords(" + n + ")", CheckpointTrigger.everyRecords(n), n));
    Arbitrary<TriggerCase> recordsOrTime =
        Arbitraries.integers()
            .between(1, 300)
            .map(
                n ->
                    new TriggerCase(
                        "everyRecords(" + n + ").or(every(2ms))",
                        CheckpointTrigger.everyRecords(n).or(CheckpointTrigger.every(Duration.ofMillis(2))),
                        n));
    Arbitrary<TriggerCase> bytes =
        Arbitraries.integers()
            .between(1, 20_000)
            .map(n -> new TriggerCase("everyBytes(" + n + ")", CheckpointTrigger.everyBytes(n), Long.MAX_VALUE));
    Arbitrary<TriggerCase> batch =
        Arbitraries.just(new TriggerCase("everyBatch", CheckpointTrigger.everyBatch(), 1));
    return Arbitraries.oneOf(records, recordsOrTime, bytes, batch);
  }

  private static Migration.Builder migration(int batchSize, TriggerCase trigger) {
    return Migration.builder()
        .id("crash-test")
        .batchSize(batchSize)
        .handoffCapacity(2)
        .pollTimeout(Duration.ofMillis(5))
        .checkpointTrigger(trigger.trigger());
  }

  /**
   * Runs until a run completes, crashing first at each given point. A point is a fraction of the
   * steps a crash-free run of the whole stream takes (measured by a dry run against a scratch
   * destination), so crashes land anywhere in the protocol whatever the stream's size. Returns how
   * many runs crashed.
   */
  private static int runWithCrashes(
      List<Double> crashPoints,
      Function<CrashSwitch, Migration> dryRun,
      Function<CrashSwitch, Migration> attempt) {
    int steps = CrashSwitch.stepsOf(recording -> dryRun.apply(recording).run()).size();
    int crashes = 0;
    for (double point : crashPoints) {
      CrashSwitch crash = CrashSwitch.atStepNumber(1 + (int) (point * steps));
      try {
        attempt.apply(crash).run();
        return crashes; // resumed runs are shorter: this one ended before the crash point
      } catch (SimulatedCrash expected) {
        crashes++;
      }
    }
    attempt.apply(CrashSwitch.recording()).run();
    return crashes;
  }

  @Property(tries = 80)
  void exactlyOnceCommitsEachRecordExactlyOnceInOrderWhateverTheCrashes(
      @ForAll("streams") StreamSpec spec,
      @ForAll("triggers") TriggerCase trigger,
      @ForAll @IntRange(min = 1, max = 64) int batchSize,
      @ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = 0, max = 1, maxIncluded = false) Double> crashPoints) {
    GeneratedStream stream = spec.generate();
    InMemoryDestination destination = new InMemoryDestination();

    Function<InMemoryDestination, Function<CrashSwitch, Migration>> process =
        target ->
            crash ->
                migration(batchSize, trigger)
                    .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .source(crash.guard(InMemorySource.bounded(stream)))
                    .sink(crash.guard(target.newTransactionalSink()))
                    .build();
    int crashes =
        runWithCrashes(crashPoints, process.apply(new InMemoryDestination()), process.apply(destination));

    collectCrashStatistics(crashes);
    assertThat(destination.committedRecords())
        .as("committed destination equals the source, per partition, in order")
        .isEqualTo(nonEmpty(stream.byPartition()));
    List<Long> ids = destination.commitHistory().stream().map(Checkpoint::id).toList();
    assertThat(ids).as("checkpoint ids strictly increase").isSorted().doesNotHaveDuplicates();
    destination
        .committedCheckpoint()
        .ifPresent(cp -> assertThat(cp.records()).isEqualTo(stream.size()));
  }

  @Property(tries = 80)
  void atLeastOnceLosesNothingKeepsOrderAndReplaysAtMostOneInterval(
      @ForAll("streams") StreamSpec spec,
      @ForAll("triggers") TriggerCase trigger,
      @ForAll @IntRange(min = 1, max = 64) int batchSize,
      @ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = 0, max = 1, maxIncluded = false) Double> crashPoints) {
    GeneratedStream stream = spec.generate();
    InMemoryDestination destination = new InMemoryDestination();
    InMemoryCheckpointStore store = InMemoryCheckpointStore.create();

    Function<InMemoryDestination, Function<CrashSwitch, Migration>> process =
        target ->
            crash ->
                migration(batchSize, trigger)
                    .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                    .checkpointStore(target == destination ? store : InMemoryCheckpointStore.create())
                    .source(crash.guard(InMemorySource.bounded(stream)))
                    .sink(crash.guard(target.newSink()))
                    .build();
    int crashes =
        runWithCrashes(crashPoints, process.apply(new InMemoryDestination()), process.apply(destination));

    collectCrashStatistics(crashes);
    // The trigger is asked after each batch, so an interval can overshoot by one batch less one.
    long intervalBound = trigger.recordBound() == Long.MAX_VALUE
        ? Long.MAX_VALUE
        : trigger.recordBound() + batchSize - 1;
    for (PartitionId partition : stream.partitions()) {
      List<Record> expected = stream.records(partition);
      List<Record> delivered = destination.committedRecords(partition);
      assertDeliveredAtLeastOnceInOrder(partition, expected, delivered, intervalBound);
    }
  }

  /**
   * Removing replays (records at or before the furthest position already delivered) leaves exactly
   * the source sequence; every replayed record is a faithful copy; no replay is longer than one
   * checkpoint interval. A replay starts where the position jumps back; two crashes in a row can
   * replay the same interval twice, back to back, which is two replays, not one long one.
   */
  private static void assertDeliveredAtLeastOnceInOrder(
      PartitionId partition, List<Record> expected, List<Record> delivered, long intervalBound) {
    Position furthest = null;
    Position previous = null;
    int next = 0;
    long replayLength = 0;
    for (Record r : delivered) {
      if (furthest != null && !r.position().isAfter(furthest)) {
        replayLength = r.position().isAfter(previous) ? replayLength + 1 : 1;
        previous = r.position();
        assertThat(replayLength)
            .as("replay in %s at %s longer than one interval", partition, r.position())
            .isLessThanOrEqualTo(intervalBound);
        Record original = expected.get((int) r.position().offset());
        assertThat(r).as("replayed record equals the source record").isEqualTo(original);
        continue;
      }
      replayLength = 0;
      assertThat(next).as("more records than the source in %s", partition).isLessThan(expected.size());
      assertThat(r).as("record %d of %s", next, partition).isEqualTo(expected.get(next));
      furthest = r.position();
      previous = r.position();
      next++;
    }
    assertThat(next).as("records of %s delivered (no loss)", partition).isEqualTo(expected.size());
  }

  /**
   * Guards against a vacuous property: most tries must really crash, many more than once. (A try
   * does not crash when its stream is empty or its first crash point lies in the final close.)
   */
  private static void collectCrashStatistics(int crashes) {
    Statistics.label("crashes").collect(crashes == 0 ? "none" : crashes == 1 ? "one" : "several");
    Statistics.label("crashes")
        .coverage(
            coverage -> {
              coverage.check("none").percentage(p -> p < 25);
              coverage.check("several").percentage(p -> p > 25);
            });
  }

  private static Map<PartitionId, List<Record>> nonEmpty(Map<PartitionId, List<Record>> byPartition) {
    java.util.TreeMap<PartitionId, List<Record>> result = new java.util.TreeMap<>();
    byPartition.forEach(
        (p, records) -> {
          if (!records.isEmpty()) {
            result.put(p, records);
          }
        });
    return result;
  }
}
