package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.Endpoint;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive, not random: a small exactly-once migration is crashed once at each step its
 * crash-free run passes (every source and sink call, before and after it reaches the adapter),
 * then restarted; each time the committed destination must equal the source exactly.
 */
class CrashAtEveryStepTest {

  private final GeneratedStream stream =
      StreamSpec.builder().recordsPerPartition(40, 25, 0).keys(9).build().generate();

  private Migration migration(CrashSwitch crash, InMemoryDestination destination) {
    return Migration.builder()
        .source(crash.guard(InMemorySource.bounded(stream)))
        .sink(crash.guard(destination.newTransactionalSink()))
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .batchSize(9)
        .handoffCapacity(1)
        .pollTimeout(Duration.ofMillis(5))
        .checkpointTrigger(CheckpointTrigger.everyRecords(20))
        .build();
  }

  @Test
  void exactlyOnceHoldsAfterACrashAtEachProtocolStep() {
    List<ProtocolStep> steps =
        CrashSwitch.stepsOf(recording -> migration(recording, new InMemoryDestination()).run());
    assertThat(steps).hasSizeGreaterThan(40);

    int crashed = 0;
    for (ProtocolStep step : steps) {
      InMemoryDestination destination = new InMemoryDestination();
      CrashSwitch crash = CrashSwitch.at(step);
      try {
        migration(crash, destination).run();
        // Only the reader's extra empty polls depend on timing; every other step recurs exactly.
        assertThat(step.endpoint()).as("step %s did not recur", step).isEqualTo(Endpoint.SOURCE);
      } catch (SimulatedCrash expected) {
        crashed++;
        migration(CrashSwitch.recording(), destination).run();
      }

      assertThat(destination.committedRecords())
          .as("destination after a crash at %s and a restart", step)
          .isEqualTo(expected());
    }
    assertThat(crashed).isGreaterThan(steps.size() * 9 / 10);
  }

  private SortedMap<PartitionId, List<Record>> expected() {
    SortedMap<PartitionId, List<Record>> nonEmpty = new TreeMap<>(stream.byPartition());
    nonEmpty.values().removeIf(List::isEmpty);
    return nonEmpty;
  }
}
