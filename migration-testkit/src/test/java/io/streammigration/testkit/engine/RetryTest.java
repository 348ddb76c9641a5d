package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.engine.MigrationStatus;
import io.streammigration.core.engine.RestartingMigration;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RestartableMigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.RetryPolicy;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Sinks;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceInterceptor;
import io.streammigration.core.spi.Sources;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transient failures are retried and change nothing in the outcome; permanent ones stop the
 * migration with their cause. Adapters here fail on 5% of their calls, some before the call
 * reaches them and some (commits) after it took effect, which is the hard case for idempotence.
 */
@Timeout(120)
class RetryTest {

  private static final RetryPolicy FAST =
      RetryPolicy.builder()
          .initialBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5))
          .maxAttempts(20)
          .build();

  private final GeneratedStream stream =
      StreamSpec.builder().partitions(3, 2_000).keys(30).build().generate();

  /** Throws a retriable error on a seeded 5% of the calls it sees. */
  private static final class Flaky {
    private final Random random;
    final AtomicInteger failures = new AtomicInteger();

    Flaky(long seed) {
      this.random = new Random(seed);
    }

    synchronized void maybeFail(String what) {
      if (random.nextDouble() < 0.05) {
        failures.incrementAndGet();
        throw new RetriableMigrationException("transient failure of " + what);
      }
    }
  }

  private static Source flakySource(Source source, Flaky flaky) {
    return Sources.intercept(
        source,
        new SourceInterceptor() {
          @Override
          public List<Record> poll(int maxRecords, Duration timeout, Source next) {
            flaky.maybeFail("poll");
            return next.poll(maxRecords, timeout);
          }
        });
  }

  private static Sink flakySink(Sink sink, Flaky flaky) {
    return Sinks.intercept(
        sink,
        new SinkInterceptor() {
          @Override
          public void write(List<Record> records, Sink next) {
            flaky.maybeFail("write");
            next.write(records);
          }

          @Override
          public void flush(Sink next) {
            flaky.maybeFail("flush");
            next.flush();
          }

          @Override
          public void commit(Checkpoint checkpoint, TransactionalSink next) {
            flaky.maybeFail("commit before it took effect");
            next.commit(checkpoint);
            flaky.maybeFail("commit after it took effect");
          }
        });
  }

  @Test
  void atLeastOnceRetriesTransientFailuresInPlaceAndLosesNothing() {
    Flaky flaky = new Flaky(1);
    InMemoryDestination destination = new InMemoryDestination();
    AtomicLong retriesHeard = new AtomicLong();
    Migration migration =
        Migration.builder()
            .source(flakySource(InMemorySource.bounded(stream), flaky))
            .sink(flakySink(destination.newSink(), flaky))
            .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(InMemoryCheckpointStore.create())
            .batchSize(20)
            .checkpointTrigger(CheckpointTrigger.everyRecords(200))
            .retryPolicy(FAST)
            .listener(
                new MigrationListener() {
                  @Override
                  public void onRetry(String operation, int attempt, Throwable cause, Duration backoff) {
                    retriesHeard.incrementAndGet();
                  }
                })
            .build();

    migration.run();

    assertThat(flaky.failures.get()).isGreaterThan(10);
    assertThat(migration.status().retries()).isEqualTo(flaky.failures.get());
    assertThat(retriesHeard.get()).isEqualTo(flaky.failures.get());
    for (PartitionId p : stream.partitions()) {
      List<Position> delivered =
          destination.committedRecords(p).stream().map(Record::position).distinct().toList();
      assertThat(delivered).isEqualTo(stream.records(p).stream().map(Record::position).toList());
    }
  }

  @Test
  void exactlyOnceThroughTransientFailuresWithRestartsWritesNothingTwice() {
    Flaky flaky = new Flaky(2);
    InMemoryDestination destination = new InMemoryDestination();
    RestartingMigration restarting =
        RestartingMigration.of(
            () ->
                Migration.builder()
                    .source(flakySource(InMemorySource.bounded(stream), flaky))
                    .sink(flakySink(destination.newTransactionalSink(), flaky))
                    .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .batchSize(20)
                    .checkpointTrigger(CheckpointTrigger.everyRecords(200))
                    .retryPolicy(FAST)
                    .build(),
            FAST);

    MigrationResult last = restarting.run();

    assertThat(flaky.failures.get()).isGreaterThan(10);
    assertThat(restarting.restarts()).as("failed writes restart the run").isPositive();
    assertThat(last.endOfInput()).isTrue();
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
  }

  @Test
  void aRestartableFailureIsNotRetriedWithinTheRunButStartsANewOne() {
    InMemoryDestination destination = new InMemoryDestination();
    AtomicInteger commits = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    RestartingMigration restarting =
        RestartingMigration.of(
            () -> {
              boolean firstRun = runs.incrementAndGet() == 1;
              Sink sink =
                  Sinks.intercept(
                      destination.newTransactionalSink(),
                      new SinkInterceptor() {
                        @Override
                        public void commit(Checkpoint checkpoint, TransactionalSink next) {
                          // The third commit of the first run finds its transaction gone, as a
                          // fenced group member's does: the run is over, the migration is not.
                          if (commits.incrementAndGet() == 3 && firstRun) {
                            throw new RestartableMigrationException("membership lost");
                          }
                          next.commit(checkpoint);
                        }
                      });
              return Migration.builder()
                  .source(InMemorySource.bounded(stream))
                  .sink(sink)
                  .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
                  .batchSize(20)
                  .checkpointTrigger(CheckpointTrigger.everyRecords(200))
                  .retryPolicy(FAST)
                  .build();
            },
            FAST);

    MigrationResult last = restarting.run();

    assertThat(restarting.restarts()).isEqualTo(1);
    assertThat(runs.get()).isEqualTo(2);
    assertThat(last.endOfInput()).isTrue();
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(commits.get()).as("the second run committed from where the first stopped").isGreaterThan(3);
  }

  @Test
  void aRestartableFailureIsNotRetriedByTheEngine() {
    AtomicInteger commits = new AtomicInteger();
    Sink sink =
        Sinks.intercept(
            new InMemoryDestination().newTransactionalSink(),
            new SinkInterceptor() {
              @Override
              public void commit(Checkpoint checkpoint, TransactionalSink next) {
                commits.incrementAndGet();
                throw new RestartableMigrationException("membership lost");
              }
            });
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(sink)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .retryPolicy(FAST)
            .build();

    assertThatThrownBy(migration::run)
        .isInstanceOf(RestartableMigrationException.class)
        .hasMessage("membership lost");
    assertThat(commits.get()).as("retrying a commit whose transaction is gone").isEqualTo(1);
  }

  @Test
  void aPermanentFailureStopsTheMigrationAtOnceWithItsCause() {
    InMemoryDestination destination = new InMemoryDestination();
    AtomicInteger writes = new AtomicInteger();
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(rejectingSink(destination, writes))
            .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(InMemoryCheckpointStore.create())
            .retryPolicy(FAST)
            .build();

    assertThatThrownBy(migration::run).hasMessage("schema rejected by destination");
    assertThat(writes.get()).as("a permanent failure is not retried").isEqualTo(1);
    assertThat(migration.status().phase()).isEqualTo(MigrationStatus.Phase.FAILED);
    assertThat(migration.status().failure()).hasValueSatisfying(f -> assertThat(f).contains("schema rejected"));

    RestartingMigration restarting =
        RestartingMigration.of(
            () ->
                Migration.builder()
                    .source(InMemorySource.bounded(stream))
                    .sink(rejectingSink(destination, writes))
                    .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                    .checkpointStore(InMemoryCheckpointStore.create())
                    .build(),
            FAST);
    assertThatThrownBy(restarting::run).hasMessage("schema rejected by destination");
    assertThat(restarting.restarts()).isZero();
    assertThat(writes.get()).isEqualTo(2);
  }

  /** A sink whose destination rejects every batch for good. */
  private static Sink rejectingSink(InMemoryDestination destination, AtomicInteger writes) {
    return Sinks.intercept(
        destination.newSink(),
        new SinkInterceptor() {
          @Override
          public void write(List<Record> records, Sink next) {
            writes.incrementAndGet();
            throw new MigrationException("schema rejected by destination");
          }
        });
  }

  @Test
  void aTransientFailureThatOutlastsThePolicyFailsWithEveryAttemptRecorded() {
    AtomicInteger flushes = new AtomicInteger();
    Sink alwaysBusy =
        Sinks.intercept(
            new InMemoryDestination().newSink(),
            new SinkInterceptor() {
              @Override
              public void flush(Sink next) {
                throw new RetriableMigrationException("busy #" + flushes.incrementAndGet());
              }
            });
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(alwaysBusy)
            .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(InMemoryCheckpointStore.create())
            .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxAttempts(4).build())
            .build();

    assertThatThrownBy(migration::run)
        .isInstanceOf(RetriableMigrationException.class)
        .hasMessage("busy #4")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(flushes.get()).isEqualTo(4);
    assertThat(migration.status().retries()).isEqualTo(3);
  }

  @Test
  void statusMovesFromCreatedThroughBackfillToFinished() {
    InMemoryDestination destination = new InMemoryDestination();
    AtomicInteger phasesSeen = new AtomicInteger();
    Migration[] self = new Migration[1];
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(destination.newTransactionalSink())
            .checkpointTrigger(CheckpointTrigger.everyRecords(1_000))
            .listener(
                new MigrationListener() {
                  @Override
                  public void onCheckpointCommitted(io.streammigration.core.engine.CheckpointEvent e) {
                    MigrationStatus status = self[0].status();
                    // The in-memory source reports where it ends, so the phase says how far behind.
                    assertThat(status.phase())
                        .isIn(MigrationStatus.Phase.BACKFILL, MigrationStatus.Phase.CAUGHT_UP);
                    assertThat(status.lastCheckpoint()).contains(e.checkpoint());
                    phasesSeen.incrementAndGet();
                  }
                })
            .build();
    self[0] = migration;
    assertThat(migration.status().phase()).isEqualTo(MigrationStatus.Phase.CREATED);

    MigrationResult result = migration.run();

    MigrationStatus done = migration.status();
    assertThat(phasesSeen.get()).isEqualTo((int) result.checkpoints());
    assertThat(done.phase()).isEqualTo(MigrationStatus.Phase.FINISHED);
    assertThat(done.records()).isEqualTo(stream.size());
    assertThat(done.checkpoints()).isEqualTo(result.checkpoints());
    assertThat(done.startedAt()).isPresent();
    assertThat(done.isActive()).isFalse();
  }
}
