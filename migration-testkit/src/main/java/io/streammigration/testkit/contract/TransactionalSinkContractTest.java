package io.streammigration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.fault.Timing;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every {@link TransactionalSink} keeps, as a JUnit 5 suite: atomic, idempotent
 * commits of data and checkpoint, exact recovery, and no mixture of commits whatever step the
 * process dies at. It also runs every {@link SinkContractTest} test, with {@code commit} as the
 * durability step.
 *
 * <p>A "restarted process" is a new sink instance over the same destination. A "crash" is a
 * {@link CrashSwitch} firing inside the sink's calls, followed by {@link #crash}, which by default
 * just abandons the instance without closing it.
 *
 * @param <S> the sink type
 * @param <D> the adapter's handle on a destination
 */
public abstract class TransactionalSinkContractTest<S extends TransactionalSink, D>
    extends SinkContractTest<S, D> {

  /** The context sinks are opened with; the guarantee is EXACTLY_ONCE here. */
  @Override
  protected SinkContext sinkContext() {
    return new Context("transactional-sink-contract-test", DeliveryGuarantee.EXACTLY_ONCE);
  }

  /**
   * Opens and recovers, as the engine does before the first write. The sink is always
   * transactional here: yours, or a wrapper that keeps the capability.
   */
  @Override
  protected void openForWriting(Sink sink) {
    sink.open(sinkContext());
    ((TransactionalSink) sink).recover();
  }

  /** Commits {@code covering}. */
  @Override
  protected void makeDurable(Sink sink, Checkpoint covering) {
    ((TransactionalSink) sink).commit(covering);
  }

  /**
   * Proves that writes are invisible until committed. Passes if a reader sees none of the written
   * records before {@code commit} and all of them after.
   */
  @Test
  public void writesAreInvisibleUntilCommit() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    S sink = createSink(destination);
    openForWriting(sink);
    sink.write(List.copyOf(records));
    assertDurable(destination, List.of());
    sink.commit(checkpointCovering(records));
    assertDurable(destination, records);
    sink.close();
  }

  /**
   * Proves that a commit stores the checkpoint with the data: a restarted instance's {@code
   * recover()} returns exactly the last committed checkpoint, after each of several commits.
   * Passes if each recovered checkpoint equals the one committed just before, and its id is
   * greater than the previous one's.
   */
  @Test
  public void recoverReturnsTheLastCommittedCheckpoint() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    Optional<Checkpoint> previous = Optional.empty();
    int step = records.size() / 4;
    for (int end = step; end <= records.size(); end += step) {
      S sink = createSink(destination);
      sink.open(sinkContext());
      assertThat(sink.recover()).isEqualTo(previous);
      sink.write(List.copyOf(records.subList(end - step, end)));
      Checkpoint checkpoint = checkpointCovering(records.subList(0, end));
      sink.commit(checkpoint);
      sink.close();
      previous.ifPresent(p -> assertThat(checkpoint.id()).isGreaterThan(p.id()));
      previous = Optional.of(checkpoint);
      assertDurable(destination, records.subList(0, end));
    }
    S last = createSink(destination);
    last.open(sinkContext());
    assertThat(last.recover()).isEqualTo(previous);
    last.close();
  }

  /**
   * Proves that {@code recover()} on a destination nothing was committed to returns empty and
   * leaves it empty. Passes if it does.
   */
  @Test
  public void recoverOnAFreshDestinationReturnsEmpty() {
    D destination = createDestination();
    S sink = createSink(destination);
    sink.open(sinkContext());
    assertThat(sink.recover()).isEmpty();
    sink.close();
    assertDurable(destination, List.of());
  }

  /**
   * Proves that committing the last committed checkpoint again (the engine repeating a commit
   * whose outcome it did not learn) changes nothing. Passes if no record is duplicated and
   * recovery still returns that checkpoint.
   */
  @Test
  public void repeatingTheLastCommitChangesNothing() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    S sink = createSink(destination);
    openForWriting(sink);
    sink.write(List.copyOf(records));
    Checkpoint checkpoint = checkpointCovering(records);
    sink.commit(checkpoint);
    sink.commit(checkpoint);
    sink.close();
    assertDurable(destination, records);
    assertRecovers(destination, checkpoint);
  }

  /**
   * Proves that uncommitted writes of a dead process are discarded by the next process's {@code
   * recover()}, which returns the last commit; the new process then replays and commits them.
   * Passes if the destination ends with every record exactly once, in order.
   */
  @Test
  public void recoverDiscardsWritesAfterTheLastCommit() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    int half = records.size() / 2;
    Checkpoint first = checkpointCovering(records.subList(0, half));
    S dying = createSink(destination);
    openForWriting(dying);
    dying.write(List.copyOf(records.subList(0, half)));
    dying.commit(first);
    dying.write(List.copyOf(records.subList(half, records.size())));
    crash(dying, destination);

    S restarted = createSink(destination);
    restarted.open(sinkContext());
    assertThat(restarted.recover()).contains(first);
    assertDurable(destination, records.subList(0, half));
    restarted.write(List.copyOf(records.subList(half, records.size())));
    restarted.commit(checkpointCovering(records));
    restarted.close();
    assertDurable(destination, records);
  }

  /**
   * Proves that checkpoint ids only move forward: a commit whose id is lower than the last
   * committed one is rejected with a {@link MigrationException}, so an older checkpoint can never
   * replace a newer one (which would make the next resume deliver records twice). Passes if the
   * commit throws and the destination and recovered checkpoint are unchanged.
   */
  @Test
  public void aCommitWithAnOlderIdIsRejectedAndChangesNothing() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    int half = records.size() / 2;
    Checkpoint older = checkpointCovering(records.subList(0, 1));
    Checkpoint newer = checkpointCovering(records.subList(0, half));
    S sink = createSink(destination);
    openForWriting(sink);
    sink.write(List.copyOf(records.subList(0, half)));
    sink.commit(newer);
    sink.write(List.copyOf(records.subList(half, records.size())));
    assertThatThrownBy(() -> sink.commit(older)).isInstanceOf(MigrationException.class);
    sink.close();
    assertDurable(destination, records.subList(0, half));
    assertRecovers(destination, newer);
  }

  /**
   * Proves atomicity across crashes: the process dies at every step of open, recover, write,
   * commit and close in turn (before and after each call reaches the sink). After each crash the
   * committed state is exactly the previous commit or the new one, never a mixture, and exactly
   * the one the crash step implies (a crash after commit returned keeps that commit); then a
   * restarted instance recovers that checkpoint, replays the rest and commits, leaving every record
   * exactly once, in order. Passes if all of that holds at every step.
   */
  @TestFactory
  public Stream<DynamicTest> crashAtEveryStepLeavesThePreviousOrTheNewCommitOnly() {
    List<Record> records = interleavedFixture();
    int third = records.size() / 3;
    List<Record> base = records.subList(0, third);
    List<Record> firstCommit = records.subList(0, 2 * third);
    Checkpoint baseCheckpoint = RecordContent.checkpointCovering(1, base);
    Checkpoint firstCheckpoint = RecordContent.checkpointCovering(2, firstCommit);
    Checkpoint secondCheckpoint = RecordContent.checkpointCovering(3, records);
    List<List<Record>> committedAfter = List.of(base, firstCommit, records);
    List<Checkpoint> checkpoints = List.of(baseCheckpoint, firstCheckpoint, secondCheckpoint);

    List<ProtocolStep> steps =
        CrashSwitch.stepsOf(
            crashSwitch -> {
              D destination = createDestination();
              commitBase(destination, base, baseCheckpoint);
              runProtocol(crashSwitch, createSink(destination), records, third, checkpoints);
            });
    assertThat(steps).hasSizeGreaterThanOrEqualTo(16);

    return steps.stream()
        .map(
            step ->
                DynamicTest.dynamicTest(
                    "crash " + step,
                    () -> {
                      D destination = createDestination();
                      commitBase(destination, base, baseCheckpoint);
                      CrashSwitch crashSwitch = CrashSwitch.at(step);
                      S dying = createSink(destination);
                      assertThatThrownBy(
                              () -> runProtocol(crashSwitch, dying, records, third, checkpoints))
                          .isInstanceOf(SimulatedCrash.class);
                      crash(dying, destination);

                      int commits = completedCommits(crashSwitch.trace());
                      assertDurable(destination, committedAfter.get(commits));
                      S restarted = createSink(destination);
                      restarted.open(sinkContext());
                      assertThat(restarted.recover())
                          .as("checkpoint recovered after a crash %s", step)
                          .contains(checkpoints.get(commits));
                      List<Record> rest =
                          records.subList(committedAfter.get(commits).size(), records.size());
                      restarted.write(List.copyOf(rest));
                      restarted.commit(RecordContent.checkpointCovering(4, records));
                      restarted.close();
                      assertDurable(destination, records);
                    }));
  }

  // ---------------------------------------------------------------------------------------------

  private void commitBase(D destination, List<Record> base, Checkpoint checkpoint) {
    S sink = createSink(destination);
    openForWriting(sink);
    sink.write(List.copyOf(base));
    sink.commit(checkpoint);
    sink.close();
  }

  /** open, recover, write, write, commit, write, commit, close: each call a crash candidate. */
  private void runProtocol(
      CrashSwitch crashSwitch,
      S real,
      List<Record> records,
      int third,
      List<Checkpoint> checkpoints) {
    TransactionalSink sink = crashSwitch.guard(real);
    sink.open(sinkContext());
    sink.recover();
    int middle = third + third / 2;
    sink.write(List.copyOf(records.subList(third, middle)));
    sink.write(List.copyOf(records.subList(middle, 2 * third)));
    sink.commit(checkpoints.get(1));
    sink.write(List.copyOf(records.subList(2 * third, records.size())));
    sink.commit(checkpoints.get(2));
    sink.close();
  }

  private static int completedCommits(List<ProtocolStep> trace) {
    return (int)
        trace.stream()
            .filter(s -> s.method() == SpiMethod.COMMIT && s.timing() == Timing.AFTER)
            .count();
  }

  private void assertRecovers(D destination, Checkpoint expected) {
    S sink = createSink(destination);
    sink.open(sinkContext());
    assertThat(sink.recover()).contains(expected);
    sink.close();
  }
}
