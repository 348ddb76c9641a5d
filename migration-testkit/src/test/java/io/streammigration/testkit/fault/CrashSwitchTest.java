package io.streammigration.testkit.fault;

import static io.streammigration.testkit.fault.FaultInjectionTest.CONTEXT;
import static io.streammigration.testkit.fault.FaultInjectionTest.STREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.testkit.memory.StandaloneSourceContext;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.testkit.memory.CommittedState;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.InMemoryTransactionalSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrashSwitchTest {

  private final InMemoryDestination destination = new InMemoryDestination();
  private final InMemoryTransactionalSink real = destination.newTransactionalSink();
  private final Checkpoint checkpoint = STREAM.checkpointCovering(1, 30);

  @Test
  void aCrashBeforeCommitKeepsTheCommitFromTheSink() {
    CrashSwitch crash = CrashSwitch.at(ProtocolStep.beforeSink(SpiMethod.COMMIT, 1));
    assertThatThrownBy(() -> writeAndCommit(crash.guard(real)))
        .isInstanceOf(SimulatedCrash.class)
        .satisfies(e -> assertThat(((SimulatedCrash) e).step()).contains(ProtocolStep.beforeSink(SpiMethod.COMMIT, 1)));
    assertThat(destination.committedState()).isEqualTo(CommittedState.empty());
    assertThat(crash.crashedAt()).contains(ProtocolStep.beforeSink(SpiMethod.COMMIT, 1));
  }

  @Test
  void aCrashAfterCommitReturnedKeepsTheCommit() {
    CrashSwitch crash = CrashSwitch.at(ProtocolStep.afterSink(SpiMethod.COMMIT, 1));
    assertThatThrownBy(() -> writeAndCommit(crash.guard(real))).isInstanceOf(SimulatedCrash.class);
    assertThat(destination.committedCheckpoint()).contains(checkpoint);
    assertThat(destination.committedCount()).isEqualTo(30);
  }

  @Test
  void afterTheCrashNoCallReachesAnyAdapterSharingTheSwitchAndCloseIsSwallowed() {
    CrashSwitch crash = CrashSwitch.at(ProtocolStep.beforeSink(SpiMethod.WRITE, 1));
    InMemorySource realSource = InMemorySource.bounded(STREAM);
    Source source = crash.guard(realSource);
    TransactionalSink sink = crash.guard(real);
    source.open(new StandaloneSourceContext("test"), Optional.empty());
    sink.open(CONTEXT);
    sink.recover();
    assertThatThrownBy(() -> sink.write(source.poll(5, Duration.ZERO))).isInstanceOf(SimulatedCrash.class);

    assertThatThrownBy(() -> source.poll(5, Duration.ZERO)).isInstanceOf(SimulatedCrash.class);
    assertThatThrownBy(sink::recover).isInstanceOf(SimulatedCrash.class);
    assertThatCode(sink::close).doesNotThrowAnyException();
    assertThatCode(source::close).doesNotThrowAnyException();
    assertThat(real.isClosed()).isFalse();
    assertThat(realSource.isClosed()).isFalse();
    assertThat(realSource.poll(1, Duration.ZERO)).containsExactly(STREAM.records(0).get(5));
  }

  @Test
  void aSimulatedCrashIsNotCaughtAsAMigrationOrRuntimeException() {
    CrashSwitch crash = CrashSwitch.at(ProtocolStep.beforeSink(SpiMethod.OPEN, 1));
    TransactionalSink sink = crash.guard(real);
    assertThatThrownBy(
            () -> {
              try {
                sink.open(CONTEXT);
              } catch (MigrationException | IllegalStateException e) {
                // An engine's ordinary error handling: must not see the crash.
              }
            })
        .isInstanceOf(Error.class);
  }

  @Test
  void stepsOfEnumeratesEveryStepOfAScenarioInOrder() {
    List<ProtocolStep> steps =
        CrashSwitch.stepsOf(
            crash -> {
              Source source = crash.guard(InMemorySource.bounded(STREAM));
              source.open(new StandaloneSourceContext("test"), Optional.empty());
              writeAndCommit(crash.guard(new InMemoryDestination().newTransactionalSink()));
              source.close();
            });
    assertThat(steps)
        .containsExactly(
            ProtocolStep.beforeSource(SpiMethod.OPEN, 1),
            ProtocolStep.afterSource(SpiMethod.OPEN, 1),
            ProtocolStep.beforeSink(SpiMethod.OPEN, 1),
            ProtocolStep.afterSink(SpiMethod.OPEN, 1),
            ProtocolStep.beforeSink(SpiMethod.RECOVER, 1),
            ProtocolStep.afterSink(SpiMethod.RECOVER, 1),
            ProtocolStep.beforeSink(SpiMethod.WRITE, 1),
            ProtocolStep.afterSink(SpiMethod.WRITE, 1),
            ProtocolStep.beforeSink(SpiMethod.COMMIT, 1),
            ProtocolStep.afterSink(SpiMethod.COMMIT, 1),
            ProtocolStep.beforeSink(SpiMethod.CLOSE, 1),
            ProtocolStep.afterSink(SpiMethod.CLOSE, 1),
            ProtocolStep.beforeSource(SpiMethod.CLOSE, 1),
            ProtocolStep.afterSource(SpiMethod.CLOSE, 1));
  }

  @Test
  void crashingAtEveryStepLeavesNothingOrTheWholeCommit() {
    List<ProtocolStep> steps =
        CrashSwitch.stepsOf(crash -> writeAndCommit(crash.guard(new InMemoryDestination().newTransactionalSink())));
    for (ProtocolStep step : steps) {
      InMemoryDestination target = new InMemoryDestination();
      CrashSwitch crash = CrashSwitch.at(step);
      assertThatThrownBy(() -> writeAndCommit(crash.guard(target.newTransactionalSink())))
          .as("crash %s", step)
          .isInstanceOf(SimulatedCrash.class);
      boolean committed = crash.trace().contains(ProtocolStep.afterSink(SpiMethod.COMMIT, 1));
      assertThat(target.committedCount()).as("records after a crash %s", step).isEqualTo(committed ? 30 : 0);

      InMemoryTransactionalSink restarted = target.newTransactionalSink();
      restarted.open(CONTEXT);
      assertThat(restarted.recover()).isEqualTo(committed ? Optional.of(checkpoint) : Optional.empty());
    }
  }

  @Test
  void crashNowFromTheTestAndAtStepNumberCutOffLaterCalls() {
    CrashSwitch pulled = CrashSwitch.recording();
    TransactionalSink sink = pulled.guard(real);
    sink.open(CONTEXT);
    pulled.crashNow();
    assertThat(pulled.hasCrashed()).isTrue();
    assertThat(pulled.crashedAt()).isEmpty();
    assertThatThrownBy(sink::recover).isInstanceOf(SimulatedCrash.class);

    CrashSwitch third = CrashSwitch.atStepNumber(3);
    TransactionalSink other = third.guard(destination.newTransactionalSink());
    other.open(CONTEXT);
    assertThatThrownBy(other::recover).isInstanceOf(SimulatedCrash.class);
    assertThat(third.crashedAt()).contains(ProtocolStep.beforeSink(SpiMethod.RECOVER, 1));
  }

  @Test
  void stepsCountCallsPerEndpointAndRejectMethodsTheEndpointLacks() {
    assertThatThrownBy(() -> ProtocolStep.beforeSink(SpiMethod.POLL, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtocolStep.beforeSource(SpiMethod.OPEN, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ProtocolStep.afterSink(SpiMethod.COMMIT, 2)).hasToString("after sink COMMIT #2");
  }

  private void writeAndCommit(TransactionalSink sink) {
    sink.open(CONTEXT);
    sink.recover();
    sink.write(STREAM.records(0));
    sink.commit(checkpoint);
    sink.close();
  }
}
