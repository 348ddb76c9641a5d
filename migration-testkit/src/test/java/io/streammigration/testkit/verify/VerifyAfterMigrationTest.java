package io.streammigration.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.verify.ErrorCounts;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.PartitionReport;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The verifier on the output of the real engine, crashed and resumed: exactly-once output passes
 * exact equality; at-least-once output, with its replays, passes the duplicates-allowed gate.
 */
class VerifyAfterMigrationTest {

  private static final GeneratedStream STREAM =
      StreamSpec.builder().partitions(3, 400).keys(12).build().generate();

  private static Migration.Builder migration(DeliveryGuarantee guarantee) {
    return Migration.builder()
        .id("verified")
        .guarantee(guarantee)
        .batchSize(16)
        .pollTimeout(Duration.ofMillis(5))
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .ordering(Ordering.none().stampProvenance(true));
  }

  private static VerificationReport verify(InMemoryDestination destination, MigrationResult result) {
    return Verifier.builder()
        .source(InMemorySource.bounded(STREAM))
        .destination(InMemorySource.bounded(readBack(destination)))
        .gate(Gate.exactEquality())
        .gate(Gate.equalIgnoringDuplicates())
        .gate(Gate.maxErrorRatio(0.0))
        .errorCounts(ErrorCounts.of(result, 0))
        .build()
        .verify();
  }

  @Test
  void exactlyOnceOutputAfterACrashIsIdentical() {
    InMemoryDestination destination = new InMemoryDestination();
    Function<InMemoryDestination, Function<CrashSwitch, Migration>> process =
        target ->
            crash ->
                migration(DeliveryGuarantee.EXACTLY_ONCE)
                    .source(crash.guard(InMemorySource.bounded(STREAM)))
                    .sink(crash.guard(target.newTransactionalSink()))
                    .build();
    crashOnce(process.apply(new InMemoryDestination()), process.apply(destination));
    MigrationResult result =
        migration(DeliveryGuarantee.EXACTLY_ONCE)
            .source(InMemorySource.bounded(STREAM))
            .sink(destination.newTransactionalSink())
            .build()
            .run();

    VerificationReport report = verify(destination, result);

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.findings().errors().orElseThrow().processed()).isEqualTo(STREAM.size());
  }

  @Test
  void atLeastOnceOutputWithReplaysIsEqualOnceDuplicatesAreRemoved() {
    InMemoryDestination destination = new InMemoryDestination();
    InMemoryCheckpointStore store = InMemoryCheckpointStore.create();
    Function<InMemoryDestination, Function<CrashSwitch, Migration>> process =
        target ->
            crash ->
                migration(DeliveryGuarantee.AT_LEAST_ONCE)
                    .checkpointStore(target == destination ? store : InMemoryCheckpointStore.create())
                    .source(crash.guard(InMemorySource.bounded(STREAM)))
                    .sink(crash.guard(target.newSink()))
                    .build();
    // Flushed but not yet checkpointed: the resumed run writes this interval again.
    assertThatThrownBy(
            () ->
                process
                    .apply(destination)
                    .apply(CrashSwitch.at(ProtocolStep.afterSink(SpiMethod.FLUSH, 5)))
                    .run())
        .isInstanceOf(SimulatedCrash.class);
    MigrationResult result =
        migration(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(store)
            .source(InMemorySource.bounded(STREAM))
            .sink(destination.newSink())
            .build()
            .run();

    VerificationReport report = verify(destination, result);

    assertThat(destination.committedCount()).isGreaterThan(STREAM.size());
    assertThat(report.gates().get(0).passed()).as(report.summary()).isFalse();
    assertThat(report.gates().get(1).passed()).as(report.summary()).isTrue();
    assertThat(report.findings().partitions().values().stream().mapToLong(PartitionReport::duplicates).sum())
        .isEqualTo(destination.committedCount() - STREAM.size());
  }

  /**
   * The destination as a reader sees it: each partition with positions of its own (the sink keeps
   * source positions, which repeat after a replay), so only the provenance headers the engine
   * stamped say where each record came from.
   */
  private static Map<PartitionId, List<Record>> readBack(InMemoryDestination destination) {
    Map<PartitionId, List<Record>> out = new TreeMap<>();
    destination
        .committedRecords()
        .forEach(
            (partition, records) -> {
              PartitionId copy = PartitionId.of("copy-" + partition.name());
              List<Record> renumbered = new ArrayList<>();
              for (Record r : records) {
                renumbered.add(
                    new Record(
                        r.key(), r.value(), r.headers(), r.timestamp(), copy,
                        Position.of(renumbered.size())));
              }
              out.put(copy, renumbered);
            });
    return out;
  }

  /**
   * Runs the migration with a crash two thirds into the run, after some commits; the number of
   * steps comes from a dry run against a scratch destination.
   */
  private static void crashOnce(
      Function<CrashSwitch, Migration> dryRun, Function<CrashSwitch, Migration> run) {
    int steps = CrashSwitch.stepsOf(recording -> dryRun.apply(recording).run()).size();
    try {
      run.apply(CrashSwitch.atStepNumber(steps * 2 / 3)).run();
    } catch (SimulatedCrash expected) {
      return;
    }
    throw new AssertionError("the crash did not happen");
  }
}
