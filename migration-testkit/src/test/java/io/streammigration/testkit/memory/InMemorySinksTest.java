package io.streammigration.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InMemorySinksTest {

  private static final SinkContext CONTEXT =
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
  private static final GeneratedStream STREAM = StreamSpec.builder().partitions(2, 50).build().generate();

  @Test
  void anAbandonedAtLeastOnceSinkLosesExactlyItsUnflushedWrites() {
    InMemoryDestination destination = new InMemoryDestination();
    InMemorySink sink = destination.newSink();
    sink.open(CONTEXT);
    sink.write(STREAM.records(0).subList(0, 10));
    sink.flush();
    sink.write(STREAM.records(0).subList(10, 20));
    assertThat(sink.bufferedCount()).isEqualTo(10);

    assertThat(destination.committedRecords(GeneratedStream.partition(0)))
        .isEqualTo(STREAM.records(0).subList(0, 10));
    assertThat(destination.writtenCount()).isEqualTo(20);
    assertThat(destination.committedCheckpoint()).isEmpty();
  }

  @Test
  void transactionalWritesStayInvisibleThroughFlushAndAppearAtCommit() {
    InMemoryDestination destination = new InMemoryDestination();
    InMemoryTransactionalSink sink = destination.newTransactionalSink();
    sink.open(CONTEXT);
    assertThat(sink.recover()).isEmpty();
    sink.write(STREAM.records(0));
    sink.flush();
    assertThat(destination.committedState()).isEqualTo(CommittedState.empty());

    Checkpoint checkpoint = STREAM.checkpointCovering(1, 50, 0);
    sink.commit(checkpoint);
    assertThat(destination.committedState().records(GeneratedStream.partition(0))).isEqualTo(STREAM.records(0));
    assertThat(destination.committedState().checkpoint()).contains(checkpoint);
    sink.commit(checkpoint);
    assertThat(destination.committedCount()).isEqualTo(50);
    assertThat(destination.commitHistory()).containsExactly(checkpoint);
  }

  @Test
  void commitsThatWouldMoveBackOrHideWritesAreRejectedAndChangeNothing() {
    InMemoryDestination destination = new InMemoryDestination();
    InMemoryTransactionalSink sink = destination.newTransactionalSink();
    sink.open(CONTEXT);
    assertThatThrownBy(() -> sink.commit(STREAM.checkpointCovering(1, 1, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before recover");
    sink.recover();
    sink.write(STREAM.records(0).subList(0, 5));
    Checkpoint second = STREAM.checkpointCovering(2, 5, 0);
    sink.commit(second);
    sink.write(STREAM.records(0).subList(5, 6));

    assertThatThrownBy(() -> sink.commit(second)).isInstanceOf(MigrationException.class).hasMessageContaining("written since");
    assertThatThrownBy(() -> sink.commit(STREAM.checkpointCovering(1, 6, 0))).hasMessageContaining("strictly increase");
    assertThatThrownBy(() -> sink.commit(STREAM.checkpointCovering(2, 6, 0))).hasMessageContaining("other content");
    assertThat(destination.committedState().size()).isEqualTo(5);
    assertThat(destination.committedCheckpoint()).contains(second);
  }

  @Test
  void aNewerSinkRecoveringFencesTheOlderOneWhoseWritesNeverAppear() {
    InMemoryDestination destination = new InMemoryDestination();
    InMemoryTransactionalSink zombie = destination.newTransactionalSink();
    zombie.open(CONTEXT);
    zombie.recover();
    zombie.write(STREAM.records(0).subList(0, 5));

    InMemoryTransactionalSink successor = destination.newTransactionalSink();
    successor.open(CONTEXT);
    assertThat(successor.recover()).isEmpty();

    assertThatThrownBy(() -> zombie.commit(STREAM.checkpointCovering(1, 5, 0)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("fenced");
    assertThat(destination.committedState()).isEqualTo(CommittedState.empty());
  }

  @Test
  void aReaderNeverSeesHalfACommit() throws Exception {
    InMemoryDestination destination = new InMemoryDestination();
    List<Record> records = StreamSpec.builder().partitions(4, 500).build().generate().all();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch reading = new CountDownLatch(1);
    CompletableFuture<Integer> reader =
        CompletableFuture.supplyAsync(
            () -> {
              int reads = 0;
              do {
                CommittedState state = destination.committedState();
                long covered = state.checkpoint().map(Checkpoint::records).orElse(0L);
                assertThat((long) state.size()).isEqualTo(covered);
                reads++;
                reading.countDown();
              } while (!done.get());
              return reads;
            });
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    InMemoryTransactionalSink sink = destination.newTransactionalSink();
    sink.open(CONTEXT);
    sink.recover();
    for (int end = 10, id = 1; end <= records.size(); end += 10, id++) {
      sink.write(records.subList(end - 10, end));
      sink.commit(Checkpoint.builder(id).records(end).build());
    }
    done.set(true);
    assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
    assertThat(destination.committedCount()).isEqualTo(records.size());
  }
}
