package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.RewindableSink;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Sinks;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StandaloneSinkContext;
import io.streammigration.testkit.memory.StreamSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rolling back to an earlier checkpoint: exactly-once destinations that can forget what they
 * committed after it are rewound and re-migrated without duplicates; at-least-once migrations
 * replay from the older checkpoint; a transactional sink that cannot rewind is refused.
 */
class RollbackTest {

  private final GeneratedStream stream =
      StreamSpec.builder().partitions(2, 500).keys(10).build().generate();

  private MigrationResult migrate(TransactionalSink sink, Long rollbackTo) {
    Migration.Builder builder =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(sink)
            .batchSize(50)
            .checkpointTrigger(CheckpointTrigger.everyRecords(100));
    if (rollbackTo != null) {
      builder.rollbackTo(rollbackTo);
    }
    return builder.build().run();
  }

  @Test
  void anExactlyOnceRollbackForgetsLaterCommitsAndReMigratesWithoutDuplicates() {
    InMemoryDestination destination = new InMemoryDestination();
    migrate(destination.newTransactionalSink(), null);
    Checkpoint third = destination.commitHistory().get(2);

    MigrationResult rerun = migrate(destination.newTransactionalSink(), third.id());

    assertThat(rerun.resumedFrom()).contains(third);
    assertThat(rerun.records()).isEqualTo(stream.size() - third.records());
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(destination.commitHistory()).extracting(Checkpoint::id).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void rollingBackLeavesExactlyWhatTheChosenCheckpointCovered() {
    InMemoryDestination destination = new InMemoryDestination();
    migrate(destination.newTransactionalSink(), null);
    Checkpoint second = destination.commitHistory().get(1);
    RewindableSink sink = destination.newTransactionalSink();
    sink.open(new StandaloneSinkContext("rollback", DeliveryGuarantee.EXACTLY_ONCE));

    assertThat(sink.committedHistory(100)).first().isEqualTo(destination.committedCheckpoint().orElseThrow());
    sink.rollbackTo(second.id());

    assertThat(sink.recover()).contains(second);
    for (PartitionId p : stream.partitions()) {
      Position covered = second.position(p).orElseThrow();
      List<Record> kept = destination.committedRecords(p);
      assertThat(kept).isEqualTo(stream.records(p).stream().filter(r -> !r.position().isAfter(covered)).toList());
    }
  }

  @Test
  void rollingBackToAnUnknownCheckpointChangesNothing() {
    InMemoryDestination destination = new InMemoryDestination();
    migrate(destination.newTransactionalSink(), null);
    int before = destination.committedCount();

    assertThatThrownBy(() -> migrate(destination.newTransactionalSink(), 999L))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("no committed checkpoint 999");
    assertThat(destination.committedCount()).isEqualTo(before);
  }

  @Test
  void aTransactionalSinkThatCannotRewindIsRefusedAtBuildNamingIt() {
    TransactionalSink plain = new InMemoryDestination().newTransactionalSink();
    TransactionalSink notRewindable =
        new TransactionalSink() {
          @Override
          public Optional<Checkpoint> recover() {
            return plain.recover();
          }

          @Override
          public void commit(Checkpoint checkpoint) {
            plain.commit(checkpoint);
          }

          @Override
          public void open(io.streammigration.core.spi.SinkContext context) {
            plain.open(context);
          }

          @Override
          public void write(List<Record> records) {
            plain.write(records);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {
            plain.close();
          }
        };

    assertThatThrownBy(() -> migrate(notRewindable, 2L))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessageStartingWith("rollbackTo: ")
        .hasMessageContaining("cannot roll its committed state back");
  }

  @Test
  void wrappersKeepTheRewindCapability() {
    Sink wrapped = Sinks.intercept(new InMemoryDestination().newTransactionalSink(), new SinkInterceptor() {});
    assertThat(wrapped).isInstanceOf(RewindableSink.class);
  }

  @Test
  void anAtLeastOnceRollbackReplaysFromTheOlderCheckpoint() {
    InMemoryDestination destination = new InMemoryDestination();
    InMemoryCheckpointStore store = InMemoryCheckpointStore.create();
    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(destination.newSink())
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .checkpointStore(store)
        .batchSize(50)
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .build()
        .run();
    Checkpoint older = store.history(10).get(3);

    MigrationResult replay =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(destination.newSink())
            .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(store)
            .rollbackTo(older.id())
            .build()
            .run();

    assertThat(replay.resumedFrom()).contains(older);
    assertThat(replay.records()).isEqualTo(stream.size() - older.records());
    assertThat(destination.committedCount()).isEqualTo(stream.size() + replay.records());
  }
}
