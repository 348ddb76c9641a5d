package io.streammigration.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.testkit.memory.StandaloneSourceContext;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.InMemoryTransactionalSink;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  static final SinkContext CONTEXT =
      new SinkContext() {
        @Override
        public String migrationId() {
          return "test";
        }

        @Override
        public DeliveryGuarantee guarantee() {
          return DeliveryGuarantee.EXACTLY_ONCE;
        }
      };
  static final GeneratedStream STREAM = StreamSpec.builder().partitions(1, 30).keys(3).build().generate();

  private final InMemoryDestination destination = new InMemoryDestination();
  private final InMemoryTransactionalSink real = destination.newTransactionalSink();

  @Test
  void theNthWriteFailsRetriablyWithoutReachingTheSink() {
    TransactionalSink sink = FaultInjection.sink(real, Fault.before(SpiMethod.WRITE, 2));
    sink.open(CONTEXT);
    sink.recover();
    sink.write(STREAM.records(0).subList(0, 5));
    assertThatThrownBy(() -> sink.write(STREAM.records(0).subList(5, 10)))
        .isInstanceOf(RetriableMigrationException.class)
        .hasMessageContaining("before sink WRITE #2");
    sink.write(STREAM.records(0).subList(10, 15));
    assertThat(real.pendingCount()).isEqualTo(10);
  }

  @Test
  void aFaultAfterCommitLeavesTheCommitDoneAndARepeatIsHarmless() {
    TransactionalSink sink = FaultInjection.sink(real, Fault.after(SpiMethod.COMMIT, 1));
    sink.open(CONTEXT);
    sink.recover();
    sink.write(STREAM.records(0));
    Checkpoint checkpoint = STREAM.checkpointCovering(1, 30);
    assertThatThrownBy(() -> sink.commit(checkpoint)).isInstanceOf(RetriableMigrationException.class);
    assertThat(destination.committedCheckpoint()).contains(checkpoint);
    sink.commit(checkpoint);
    assertThat(destination.committedCount()).isEqualTo(30);
  }

  @Test
  void fatalAndCustomFaultsThrowWhatTheySay() {
    Sink fatal = FaultInjection.sink(destination.newSink(), Fault.before(SpiMethod.OPEN, 1).fatal());
    assertThatThrownBy(() -> fatal.open(CONTEXT))
        .isInstanceOf(MigrationException.class)
        .isNotInstanceOf(RetriableMigrationException.class);
    Sink custom =
        FaultInjection.sink(
            destination.newSink(),
            Fault.before(SpiMethod.FLUSH, 1).throwing(step -> new IllegalStateException("disk full at " + step)));
    custom.open(CONTEXT);
    assertThatThrownBy(custom::flush).isInstanceOf(IllegalStateException.class).hasMessage("disk full at before sink FLUSH #1");
  }

  @Test
  void timesAndAlwaysRepeatAFaultOverConsecutiveCalls() {
    Sink sink =
        FaultInjection.sink(
            destination.newSink(), Fault.before(SpiMethod.FLUSH, 2).times(2), Fault.before(SpiMethod.WRITE, 3).always());
    sink.open(CONTEXT);
    assertThatCode(sink::flush).doesNotThrowAnyException();
    assertThatThrownBy(sink::flush).isInstanceOf(RetriableMigrationException.class);
    assertThatThrownBy(sink::flush).isInstanceOf(RetriableMigrationException.class);
    assertThatCode(sink::flush).doesNotThrowAnyException();
    sink.write(STREAM.records(0));
    sink.write(STREAM.records(0));
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> sink.write(STREAM.records(0))).isInstanceOf(RetriableMigrationException.class);
    }
  }

  @Test
  void sourceFaultsStrikeTheirCall() {
    Source source =
        FaultInjection.source(
            InMemorySource.bounded(STREAM), Fault.before(SpiMethod.POLL, 2), Fault.after(SpiMethod.ON_CHECKPOINT_COMMITTED, 1));
    source.open(new StandaloneSourceContext("test"), Optional.empty());
    assertThat(source.poll(5, Duration.ZERO)).hasSize(5);
    assertThatThrownBy(() -> source.poll(5, Duration.ZERO)).isInstanceOf(RetriableMigrationException.class);
    assertThat(source.poll(5, Duration.ZERO)).first().isEqualTo(STREAM.records(0).get(5));
    assertThatThrownBy(() -> source.onCheckpointCommitted(STREAM.checkpointCovering(1, 5)))
        .isInstanceOf(RetriableMigrationException.class);
    assertThat(source.positionsAreDense()).isTrue();
  }

  @Test
  void aFaultOnAMethodTheEndpointLacksIsRejectedAtOnce() {
    assertThatThrownBy(() -> FaultInjection.sink(destination.newSink(), Fault.before(SpiMethod.POLL, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a SINK method");
    assertThatThrownBy(() -> FaultInjection.source(InMemorySource.bounded(STREAM), Fault.after(SpiMethod.COMMIT, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrappingKeepsTheTransactionalCapabilityWhateverTheStaticType() {
    Sink asPlainSink = real;
    assertThat(FaultInjection.sink(asPlainSink, Fault.before(SpiMethod.WRITE, 1))).isInstanceOf(TransactionalSink.class);
    assertThat(CrashSwitch.recording().guard(asPlainSink)).isInstanceOf(TransactionalSink.class);
    assertThat(FaultInjection.sink(destination.newSink())).isNotInstanceOf(TransactionalSink.class);
    Sink layered = CrashSwitch.recording().guard(FaultInjection.sink(asPlainSink, Fault.before(SpiMethod.FLUSH, 1)));
    assertThat(layered).isInstanceOf(TransactionalSink.class);
  }
}
