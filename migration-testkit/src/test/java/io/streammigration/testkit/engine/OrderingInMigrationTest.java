package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.ordering.OrderingPolicy;
import io.streammigration.core.ordering.OrderingViolation;
import io.streammigration.core.ordering.Provenance;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceInterceptor;
import io.streammigration.core.spi.Sources;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The ordering guard inside a running migration: policies, provenance, state across restarts. */
class OrderingInMigrationTest {

  private final GeneratedStream stream =
      StreamSpec.builder().partitions(2, 200).keys(10).build().generate();
  private final PartitionId p0 = GeneratedStream.partition(0);

  /**
   * A source that misbehaves as a buggy upstream would: it delivers records 50..59 of partition 0
   * a second time, right after record 99.
   */
  private Source withReplay() {
    List<Record> replay = stream.records(p0).subList(50, 60);
    return Sources.intercept(
        InMemorySource.bounded(stream),
        new SourceInterceptor() {
          @Override
          public List<Record> poll(int maxRecords, Duration timeout, Source next) {
            List<Record> batch = new ArrayList<>();
            for (Record r : next.poll(maxRecords, timeout)) {
              batch.add(r);
              if (r.partition().equals(p0) && r.position().equals(Position.of(99))) {
                batch.addAll(replay);
              }
            }
            return batch;
          }
        });
  }

  @Test
  void dropDuplicatesRemovesAReplayedRangeAndReportsEachRecord() {
    InMemoryDestination destination = new InMemoryDestination();
    List<OrderingViolation> reported = new CopyOnWriteArrayList<>();

    MigrationResult result =
        Migration.builder()
            .source(withReplay())
            .sink(destination.newTransactionalSink())
            .ordering(Ordering.perPartition().policy(OrderingPolicy.DROP_DUPLICATES))
            .listener(
                new MigrationListener() {
                  @Override
                  public void onOrderingViolation(OrderingViolation violation) {
                    reported.add(violation);
                  }
                })
            .build()
            .run();

    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(result.recordsDropped()).isEqualTo(10);
    assertThat(reported)
        .hasSize(10)
        .allSatisfy(
            v -> {
              assertThat(v.kind()).isEqualTo(OrderingViolationException.Kind.DUPLICATE);
              assertThat(v.partition()).isEqualTo(p0);
              assertThat(v.dropped()).isTrue();
            });
  }

  @Test
  void failPolicyStopsAtTheFirstDuplicateNamingPartitionAndPosition() {
    InMemoryDestination destination = new InMemoryDestination();
    Migration migration =
        Migration.builder()
            .source(withReplay())
            .sink(destination.newTransactionalSink())
            .ordering(Ordering.perPartition().policy(OrderingPolicy.FAIL))
            .build();

    assertThatThrownBy(migration::run)
        .isInstanceOfSatisfying(
            OrderingViolationException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(OrderingViolationException.Kind.DUPLICATE);
              assertThat(e.partition()).isEqualTo(p0);
              assertThat(e.position()).isEqualTo(Position.of(50));
            });
    assertThat(destination.committedCount()).isZero();
  }

  @Test
  void provenanceHeadersNameEachRecordsSourcePartitionAndPosition() {
    InMemoryDestination destination = new InMemoryDestination();
    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(destination.newTransactionalSink())
        .ordering(Ordering.perPartition().stampProvenance(true))
        .build()
        .run();

    for (PartitionId p : stream.partitions()) {
      List<Record> source = stream.records(p);
      List<Record> copied = destination.committedRecords(p);
      assertThat(copied).hasSameSizeAs(source);
      for (int i = 0; i < source.size(); i++) {
        assertThat(Provenance.partitionOf(copied.get(i))).contains(p);
        assertThat(Provenance.positionOf(copied.get(i))).contains(source.get(i).position());
        assertThat(copied.get(i).value()).isEqualTo(source.get(i).value());
      }
    }
  }

  @Test
  void theGuardsStateIsCheckpointedSoAReplayAfterACrashIsStillJudgedCorrectly() {
    InMemoryDestination destination = new InMemoryDestination();
    CrashSwitch crash = CrashSwitch.at(ProtocolStep.afterSink(SpiMethod.COMMIT, 2));
    Ordering ordering = Ordering.perKey().sequenceFromHeader(GeneratedStream.KEY_SEQUENCE_HEADER);
    Migration first =
        Migration.builder()
            .source(crash.guard(InMemorySource.bounded(stream)))
            .sink(crash.guard(destination.newTransactionalSink()))
            .ordering(ordering)
            .checkpointTrigger(CheckpointTrigger.everyRecords(50))
            .batchSize(10)
            .build();
    assertThatThrownBy(first::run).isInstanceOf(SimulatedCrash.class);
    assertThat(destination.committedCheckpoint().orElseThrow().guardState()).isNotEmpty();

    // Per-key sequences are dense: had the guard restarted empty, it would see a gap at the first
    // record of each key after the checkpoint and fail.
    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(destination.newTransactionalSink())
        .ordering(ordering)
        .build()
        .run();
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
  }
}
