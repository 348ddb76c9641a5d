package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.Throttle;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Sinks;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.Fault;
import io.streammigration.testkit.fault.FaultInjection;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every wrapper the SDK ships keeps the {@link TransactionalSink} capability, even when the sink is
 * held as a plain {@link Sink}: a wrapped exactly-once sink still builds an EXACTLY_ONCE migration
 * and still commits atomically through the wrapper. Losing the capability silently is the classic
 * wrapper bug; this test fails if any wrapper reintroduces it.
 */
class WrappersKeepExactlyOnceTest {

  static Stream<Arguments> wrappers() {
    List<String> calls = new CopyOnWriteArrayList<>();
    return Stream.of(
        Arguments.of("throttle", (UnaryOperator<Sink>) s -> Throttle.recordsPerSecond(1e9).applyTo(s)),
        Arguments.of(
            "listener",
            (UnaryOperator<Sink>) s -> Sinks.observed(s, (m, r, n, f) -> calls.add(m))),
        Arguments.of(
            "fault injection",
            (UnaryOperator<Sink>) s -> FaultInjection.sink(s, Fault.before(SpiMethod.WRITE, 1_000_000))),
        Arguments.of("crash switch", (UnaryOperator<Sink>) s -> CrashSwitch.recording().guard(s)),
        Arguments.of(
            "all of them stacked",
            (UnaryOperator<Sink>)
                s ->
                    Throttle.bytesPerSecond(1e12)
                        .applyTo(
                            Sinks.observed(
                                CrashSwitch.recording()
                                    .guard(FaultInjection.sink(s, Fault.after(SpiMethod.FLUSH, 99))),
                                (m, r, n, f) -> {}))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void aWrappedTransactionalSinkStillRunsExactlyOnce(String name, UnaryOperator<Sink> wrapper) {
    InMemoryDestination destination = new InMemoryDestination();
    Sink heldAsPlainSink = destination.newTransactionalSink();

    Sink wrapped = wrapper.apply(heldAsPlainSink);

    assertThat(wrapped).as(name).isInstanceOf(TransactionalSink.class);
    GeneratedStream stream = StreamSpec.builder().partitions(2, 300).keys(10).build().generate();
    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(wrapped)
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .build()
        .run();
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(destination.commitHistory()).isNotEmpty();
  }
}
