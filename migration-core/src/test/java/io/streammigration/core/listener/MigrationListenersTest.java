package io.streammigration.core.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.LatencySnapshot;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.ordering.OrderingViolation;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationListenersTest {

  /** Logs "<name>.<event>" for every event. */
  private static MigrationListener recording(String name, List<String> log) {
    return new MigrationListener() {
      @Override public void onStarted(String id, Optional<Checkpoint> from) { log.add(name + ".started"); }
      @Override public void onBatchWritten(int in, long bytes, int out, long bytesOut) { log.add(name + ".batch" + in); }
      @Override public void onCheckpointCommitted(CheckpointEvent e) { log.add(name + ".checkpoint"); }
      @Override public void onRetry(String op, int attempt, Throwable cause, Duration backoff) { log.add(name + ".retry"); }
      @Override public void onOrderingViolation(OrderingViolation v) { log.add(name + ".violation"); }
      @Override public void onFinished(io.streammigration.core.engine.MigrationResult r) { log.add(name + ".finished"); }
      @Override public void onFailed(Throwable error) { log.add(name + ".failed"); }
    };
  }

  @Test
  void everyEventReachesEveryListenerInOrder() {
    List<String> log = new ArrayList<>();
    MigrationListener both = MigrationListeners.compose(recording("a", log), recording("b", log));

    both.onStarted("m", Optional.empty());
    both.onBatchWritten(3, 30, 3, 30);
    both.onCheckpointCommitted(
        new CheckpointEvent(Checkpoint.builder(1).build(), Duration.ZERO, 3, 30, LatencySnapshot.EMPTY));
    both.onRetry("sink.flush", 1, new RuntimeException(), Duration.ZERO);
    both.onOrderingViolation(
        new OrderingViolation(
            OrderingViolationException.Kind.GAP, PartitionId.of("p"), Position.of(1), 1, 3, false));
    both.onFinished(null);
    both.onFailed(new RuntimeException());

    assertThat(log)
        .containsExactly(
            "a.started", "b.started", "a.batch3", "b.batch3", "a.checkpoint", "b.checkpoint",
            "a.retry", "b.retry", "a.violation", "b.violation", "a.finished", "b.finished",
            "a.failed", "b.failed");
  }

  @Test
  void aThrowingListenerDoesNotHideTheEventFromTheOthersAndItsErrorIsRethrown() {
    List<String> log = new ArrayList<>();
    RuntimeException first = new IllegalStateException("first");
    RuntimeException second = new IllegalArgumentException("second");
    MigrationListener throwsFirst = new MigrationListener() {
      @Override public void onBatchWritten(int in, long bytes, int out, long bytesOut) { throw first; }
      @Override public void onFailed(Throwable error) { throw first; }
    };
    MigrationListener throwsSecond = new MigrationListener() {
      @Override public void onBatchWritten(int in, long bytes, int out, long bytesOut) { throw second; }
      @Override public void onFailed(Throwable error) { throw second; }
    };
    MigrationListener all =
        MigrationListeners.compose(throwsFirst, recording("ok", log), throwsSecond);

    assertThatThrownBy(() -> all.onBatchWritten(1, 1, 1, 1)).isSameAs(first);
    assertThatThrownBy(() -> all.onFailed(new RuntimeException())).isSameAs(first);

    assertThat(log).containsExactly("ok.batch1", "ok.failed");
    assertThat(first.getSuppressed()).containsExactly(second, second);
  }

  @Test
  void noneOrOneListenerNeedsNoComposite() {
    MigrationListener one = new MigrationListener() {};
    assertThat(MigrationListeners.compose()).isSameAs(MigrationListener.NONE);
    assertThat(MigrationListeners.compose(one)).isSameAs(one);
    assertThatThrownBy(() -> MigrationListeners.compose(one, null)).isInstanceOf(NullPointerException.class);
  }
}
