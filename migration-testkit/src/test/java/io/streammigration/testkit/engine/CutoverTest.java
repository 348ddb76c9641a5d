package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.engine.MigrationStatus;
import io.streammigration.core.engine.MigrationStatus.Phase;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.Throttle;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceInterceptor;
import io.streammigration.core.spi.Sources;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A live stream driven through a cutover: BACKFILL while history is read, CAUGHT_UP once the lag
 * stays small, DRAINING when the service stops writing to the old stream and drains, and FINISHED
 * with a final checkpoint exactly on the last record the old stream held.
 */
@Timeout(60)
class CutoverTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void aLiveStreamGoesThroughBackfillCaughtUpDrainingAndFinishedEndingOnTheLastRecord()
      throws Exception {
    GeneratedStream history = StreamSpec.builder().partitions(2, 3_000).keys(10).build().generate();
    GeneratedStream all = StreamSpec.builder().partitions(2, 6_000).keys(10).build().generate();
    InMemoryLog log = InMemoryLog.openWith(history.byPartition());
    InMemoryDestination destination = new InMemoryDestination();
    List<Phase> phases = new CopyOnWriteArrayList<>();
    // Slow enough that the backfill is visible: 6,000 history records at 20,000 records/s.
    Throttle throttle = Throttle.recordsPerSecond(20_000);
    Migration migration =
        Migration.builder()
            .source(new InMemorySource(log))
            .sink(throttle.applyTo(destination.newTransactionalSink()))
            .batchSize(100)
            .checkpointTrigger(CheckpointTrigger.every(Duration.ofMillis(50)))
            .caughtUpThreshold(200, Duration.ofMillis(200))
            .listener(
                new MigrationListener() {
                  @Override
                  public void onPhaseChanged(Phase from, Phase to) {
                    phases.add(to);
                  }
                })
            .build();
    CompletableFuture<MigrationResult> running = migration.start(executor);

    // Live appends keep coming while the backfill runs, at a rate the migration can follow.
    AtomicBoolean producing = new AtomicBoolean(true);
    CompletableFuture<Void> producer =
        CompletableFuture.runAsync(
            () -> {
              int next = 3_000;
              while (producing.get() && next < 6_000) {
                for (PartitionId p : all.partitions()) {
                  log.append(all.records(p).get(next));
                }
                next++;
                sleep(1);
              }
            },
            executor);

    assertThat(migration.awaitCaughtUp(200, Duration.ofMillis(200), Duration.ofSeconds(30))).isTrue();
    // The engine judges CAUGHT_UP on its own samples of the same threshold and window.
    awaitPhase(migration, Phase.CAUGHT_UP);

    // Cutover: the service stops writing to the old stream, then drains it.
    producing.set(false);
    producer.get(10, TimeUnit.SECONDS);
    Map<PartitionId, List<Record>> oldStream = log.snapshot();
    Checkpoint end = migration.drainAndStop(Duration.ofSeconds(30)).orElseThrow();
    MigrationResult result = running.get(10, TimeUnit.SECONDS);

    for (Map.Entry<PartitionId, List<Record>> e : oldStream.entrySet()) {
      List<Record> records = e.getValue();
      assertThat(end.position(e.getKey())).contains(records.get(records.size() - 1).position());
    }
    assertThat(destination.committedRecords()).isEqualTo(oldStream);
    assertThat(destination.committedCheckpoint()).contains(end);
    assertThat(result.lastCheckpoint()).contains(end);
    assertThat(migration.status().phase()).isEqualTo(Phase.FINISHED);
    // Falling behind again after catching up is allowed; the order of first arrivals is not.
    assertThat(phases.stream().distinct().toList())
        .containsSubsequence(Phase.BACKFILL, Phase.CAUGHT_UP, Phase.DRAINING, Phase.FINISHED)
        .doesNotContain(Phase.STOPPING, Phase.FAILED);
    assertThat(phases).last().isEqualTo(Phase.FINISHED);
  }

  @Test
  void whileAppendsContinueTheDrainCommitsAnExactPrefixAndTheNextRunTakesTheRest()
      throws Exception {
    GeneratedStream stream = StreamSpec.builder().partitions(3, 4_000).keys(9).build().generate();
    InMemoryLog log = InMemoryLog.openWith(Map.of());
    InMemoryDestination destination = new InMemoryDestination();
    Migration migration =
        Migration.builder()
            .source(new InMemorySource(log))
            .sink(destination.newTransactionalSink())
            .batchSize(64)
            .build();
    CompletableFuture<MigrationResult> running = migration.start(executor);
    AtomicBoolean producing = new AtomicBoolean(true);
    CompletableFuture<Void> producer =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 4_000; i++) {
                for (PartitionId p : stream.partitions()) {
                  log.append(stream.records(p).get(i));
                }
                if (i % 50 == 0) {
                  sleep(1);
                }
              }
            },
            executor);
    awaitPhase(migration, Phase.BACKFILL, Phase.CAUGHT_UP);

    Checkpoint end = migration.drainAndStop(Duration.ofSeconds(30)).orElseThrow();
    running.get(10, TimeUnit.SECONDS);

    for (PartitionId p : stream.partitions()) {
      List<Record> committed = destination.committedRecords(p);
      assertThat(committed).isEqualTo(stream.records(p).subList(0, committed.size()));
      assertThat(end.position(p)).contains(committed.get(committed.size() - 1).position());
    }

    producer.get(20, TimeUnit.SECONDS);
    log.seal();
    Migration.builder().source(new InMemorySource(log)).sink(destination.newTransactionalSink()).build().run();
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
  }

  @Test
  void aPartitionReleasedDuringADrainIsLeftToItsNewOwnerAndTheDrainEnds() throws Exception {
    GeneratedStream stream = StreamSpec.builder().partitions(2, 500).keys(4).build().generate();
    PartitionId moving = GeneratedStream.partition(1);
    InMemoryLog log = InMemoryLog.openWith(stream.byPartition());
    InMemoryDestination destination = new InMemoryDestination();
    java.util.concurrent.atomic.AtomicReference<Migration> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    // A group member that never gets to read `moving` before a rebalance takes it away, once the
    // drain has fixed its targets (the writer is DRAINING): the target of `moving` is then out of
    // reach here.
    Source source =
        Sources.intercept(
            new InMemorySource(log),
            new SourceInterceptor() {
              private io.streammigration.core.spi.SourceContext context;
              private boolean released;

              @Override
              public void open(
                  io.streammigration.core.spi.SourceContext context,
                  java.util.Optional<Checkpoint> resumeFrom,
                  Source next) {
                this.context = context;
                next.open(context, resumeFrom);
              }

              @Override
              public List<Record> poll(int maxRecords, Duration timeout, Source next) {
                if (!released && running.get().status().phase() == Phase.DRAINING) {
                  released = true;
                  context.commitAndRelease(java.util.Set.of(moving));
                }
                return next.poll(maxRecords, timeout).stream()
                    .filter(r -> !r.partition().equals(moving))
                    .toList();
              }
            });
    Migration migration =
        Migration.builder().source(source).sink(destination.newTransactionalSink()).build();
    running.set(migration);
    CompletableFuture<MigrationResult> result = migration.start(executor);
    awaitPhase(migration, Phase.BACKFILL, Phase.CAUGHT_UP);

    Checkpoint end = migration.drainAndStop(Duration.ofSeconds(20)).orElseThrow();

    result.get(10, TimeUnit.SECONDS);
    assertThat(end.positions()).doesNotContainKey(moving);
    PartitionId kept = GeneratedStream.partition(0);
    assertThat(destination.committedRecords(kept)).isEqualTo(stream.records(kept));
    assertThat(destination.committedRecords(moving)).isEmpty();
  }

  @Test
  void aSourceThatCannotTellItsEndRefusesToDrainAndKeepsRunning() throws Exception {
    InMemoryLog log = InMemoryLog.openWith(StreamSpec.ofDefaults().generate().byPartition());
    Source blind =
        Sources.intercept(
            new InMemorySource(log),
            new SourceInterceptor() {
              @Override
              public Map<PartitionId, Position> endPositions(Source next) {
                return Map.of();
              }
            });
    InMemoryDestination destination = new InMemoryDestination();
    Migration migration =
        Migration.builder().source(blind).sink(destination.newTransactionalSink()).build();
    CompletableFuture<MigrationResult> running = migration.start(executor);
    awaitPhase(migration, Phase.RUNNING);

    assertThatThrownBy(() -> migration.drainAndStop(Duration.ofSeconds(10)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("cannot tell where its partitions end");
    assertThat(migration.awaitCaughtUp(1_000_000, Duration.ZERO, Duration.ofMillis(300)))
        .as("no lag to measure, so never caught up")
        .isFalse();
    assertThat(migration.status().isActive()).isTrue();

    migration.close();
    assertThat(running.get(10, TimeUnit.SECONDS).records()).isEqualTo(300);
  }

  private static void awaitPhase(Migration migration, Phase... phases) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!List.of(phases).contains(migration.status().phase())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("phase still " + migration.status().phase());
      }
      Thread.sleep(5);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
