package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.Cutover;
import io.streammigration.core.engine.CutoverException;
import io.streammigration.core.engine.CutoverHook;
import io.streammigration.core.engine.CutoverResult;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.engine.MigrationStatus;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.policy.CheckpointTrigger;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Cutover} runs the service's hook at the right moments: only once caught up, before the
 * drain (so nothing written to the old stream after the hook's switch is left behind unknowingly),
 * and after it with the exact end; and each failure leaves a state the exception names.
 */
@Timeout(60)
class CutoverHookTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final GeneratedStream stream =
      StreamSpec.builder().partitions(2, 4_000).keys(10).build().generate();
  private final InMemoryLog log = InMemoryLog.openWith(Map.of());
  private final InMemoryDestination destination = new InMemoryDestination();
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicInteger produced = new AtomicInteger();

  @AfterEach
  void shutdown() {
    producing.set(false);
    executor.shutdownNow();
  }

  @Test
  void theHookSwitchesWritersBetweenCatchUpAndDrainAndLearnsTheExactEnd() throws Exception {
    Migration migration = migration(new InMemorySource(log));
    CompletableFuture<MigrationResult> running = migration.start(executor);
    CompletableFuture<Void> producer = produce();
    List<String> calls = new ArrayList<>();
    List<Checkpoint> ends = new ArrayList<>();

    CutoverResult result =
        Cutover.of(migration)
            .caughtUpWhen(100, Duration.ofMillis(200))
            .waitAtMost(Duration.ofSeconds(30))
            .hook(
                new CutoverHook() {
                  @Override
                  public void beforeDrain(MigrationStatus status) throws Exception {
                    assertThat(status.lag()).isPresent();
                    assertThat(status.lag().getAsLong()).isLessThanOrEqualTo(100);
                    assertThat(migration.status().isActive()).isTrue();
                    calls.add("beforeDrain");
                    producing.set(false); // the service stops writing to the old stream
                    producer.get(10, TimeUnit.SECONDS);
                  }

                  @Override
                  public void afterDrain(Checkpoint end) {
                    assertThat(migration.status().phase()).isEqualTo(MigrationStatus.Phase.FINISHED);
                    calls.add("afterDrain");
                    ends.add(end);
                  }
                })
            .run();
    running.get(10, TimeUnit.SECONDS);

    assertThat(calls).containsExactly("beforeDrain", "afterDrain");
    assertThat(result.completed()).isTrue();
    assertThat(result.end()).isPresent();
    assertThat(ends).containsExactly(result.end().get());
    Map<PartitionId, List<Record>> oldStream = log.snapshot();
    for (Map.Entry<PartitionId, List<Record>> e : oldStream.entrySet()) {
      List<Record> records = e.getValue();
      assertThat(result.end().get().position(e.getKey()))
          .as("the end of %s is its last record", e.getKey())
          .contains(records.get(records.size() - 1).position());
    }
    assertThat(destination.committedRecords()).isEqualTo(oldStream);
    assertThat(produced.get()).isPositive();
  }

  @Test
  void notCaughtUpInTimeLeavesTheHookUncalledAndTheMigrationRunning() throws Exception {
    Source blind =
        Sources.intercept(
            new InMemorySource(log),
            new SourceInterceptor() {
              @Override
              public Map<PartitionId, Position> endPositions(Source next) {
                return Map.of(); // no end, no lag: never caught up
              }
            });
    Migration migration = migration(blind);
    CompletableFuture<MigrationResult> running = migration.start(executor);
    AtomicBoolean called = new AtomicBoolean();

    CutoverResult result =
        Cutover.of(migration)
            .caughtUpWhen(1_000_000, Duration.ZERO)
            .waitAtMost(Duration.ofMillis(300))
            .hook(status -> called.set(true))
            .run();

    assertThat(result.outcome()).isEqualTo(CutoverResult.Outcome.NOT_CAUGHT_UP);
    assertThat(result.end()).isEmpty();
    assertThat(called).isFalse();
    assertThat(migration.status().isActive()).isTrue();
    migration.close();
    running.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFailingBeforeDrainAbortsWithTheMigrationStillRunningAndCanBeRetried() throws Exception {
    Migration migration = migration(new InMemorySource(log));
    CompletableFuture<MigrationResult> running = migration.start(executor);
    CompletableFuture<Void> producer = produce();
    Cutover.Builder cutover =
        Cutover.of(migration).caughtUpWhen(100, Duration.ofMillis(100)).waitAtMost(Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                cutover
                    .hook(
                        status -> {
                          throw new IllegalStateException("producers refused to switch");
                        })
                    .run())
        .isInstanceOfSatisfying(
            CutoverException.class,
            e -> {
              assertThat(e.stage()).isEqualTo(CutoverException.Stage.BEFORE_DRAIN);
              assertThat(e.end()).isEmpty();
              assertThat(e).hasMessageContaining("keeps running").hasRootCauseMessage("producers refused to switch");
            });
    assertThat(migration.status().isActive()).isTrue();

    CutoverResult retried =
        cutover
            .hook(
                status -> {
                  producing.set(false);
                  producer.get(10, TimeUnit.SECONDS);
                })
            .run();
    running.get(10, TimeUnit.SECONDS);
    assertThat(retried.completed()).isTrue();
    assertThat(destination.committedRecords()).isEqualTo(log.snapshot());
  }

  @Test
  void aFailingAfterDrainStillReportsTheEnd() throws Exception {
    Migration migration = migration(new InMemorySource(log));
    CompletableFuture<MigrationResult> running = migration.start(executor);
    CompletableFuture<Void> producer = produce();

    assertThatThrownBy(
            () ->
                Cutover.of(migration)
                    .caughtUpWhen(100, Duration.ofMillis(100))
                    .waitAtMost(Duration.ofSeconds(30))
                    .hook(
                        new CutoverHook() {
                          @Override
                          public void beforeDrain(MigrationStatus status) throws Exception {
                            producing.set(false);
                            producer.get(10, TimeUnit.SECONDS);
                          }

                          @Override
                          public void afterDrain(Checkpoint end) {
                            throw new IllegalStateException("consumers unreachable");
                          }
                        })
                    .run())
        .isInstanceOfSatisfying(
            CutoverException.class,
            e -> {
              assertThat(e.stage()).isEqualTo(CutoverException.Stage.AFTER_DRAIN);
              assertThat(e.end()).isEqualTo(destination.committedCheckpoint());
              assertThat(e).hasMessageContaining("drained and stopped at checkpoint");
            });
    running.get(10, TimeUnit.SECONDS);
    assertThat(migration.status().phase()).isEqualTo(MigrationStatus.Phase.FINISHED);
  }

  @Test
  void aCutoverNeedsAThresholdAndAHook() {
    Migration migration = migration(new InMemorySource(log));
    assertThatThrownBy(() -> Cutover.of(migration).hook(status -> {}).build())
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("caughtUpWhen"));
    assertThatThrownBy(() -> Cutover.of(migration).caughtUpWhen(10, Duration.ofSeconds(1)).build())
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("hook"));
    assertThatThrownBy(() -> Cutover.of(migration).caughtUpWhen(-1, Duration.ofSeconds(1)))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessageContaining("maxLag must be >= 0, was -1");
  }

  private Migration migration(Source source) {
    return Migration.builder()
        .source(source)
        .sink(destination.newTransactionalSink())
        .batchSize(100)
        .checkpointTrigger(CheckpointTrigger.every(Duration.ofMillis(20)))
        .build();
  }

  /** Appends the stream, a record per partition per millisecond, until told to stop. */
  private CompletableFuture<Void> produce() {
    return CompletableFuture.runAsync(
        () -> {
          for (int i = 0; producing.get() && i < 4_000; i++) {
            for (PartitionId p : stream.partitions()) {
              log.append(stream.records(p).get(i));
            }
            produced.incrementAndGet();
            if (i % 5 == 0) {
              sleep(1);
            }
          }
        },
        executor);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
