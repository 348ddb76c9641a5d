package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.Pacing;
import io.streammigration.core.policy.Throttle;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Sinks;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Throttling and pacing in real migrations, on the wall clock. The schedules themselves are
 * checked exactly on synthetic clocks (ThrottleTest, PacingTest); here the tolerances are generous
 * on the slow side, since a loaded two-core machine may run late, but a limit is never exceeded
 * beyond its burst.
 */
@Timeout(60)
class PacedAndThrottledMigrationTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void aThrottledMigrationNeverRunsFasterThanItsLimit() {
    GeneratedStream stream = StreamSpec.builder().partitions(2, 5_000).keys(10).build().generate();
    Throttle throttle = Throttle.recordsPerSecond(10_000); // 10,000 records: about 1 s
    InMemoryDestination destination = new InMemoryDestination();

    long start = System.nanoTime();
    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(throttle.applyTo(destination.newTransactionalSink()))
        .batchSize(100)
        .build()
        .run();
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    // At the limit, 10,000 records minus one burst (500) take 0.95 s; never less.
    assertThat(seconds).isGreaterThanOrEqualTo(0.9).isLessThan(10.0);
  }

  @Test
  void loweringTheLimitWhileRunningSlowsTheMigrationDown() throws Exception {
    GeneratedStream stream = StreamSpec.builder().partitions(1, 200_000).keys(10).build().generate();
    Throttle throttle = Throttle.recordsPerSecond(50_000);
    InMemoryDestination destination = new InMemoryDestination();
    AtomicLong written = new AtomicLong();
    Sink counting =
        Sinks.intercept(
            throttle.applyTo(destination.newTransactionalSink()),
            new SinkInterceptor() {
              @Override
              public void write(List<Record> records, Sink next) {
                next.write(records);
                written.addAndGet(records.size());
              }
            });
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(counting)
            .batchSize(100)
            .checkpointTrigger(CheckpointTrigger.everyRecords(10_000))
            .build();
    CompletableFuture<MigrationResult> running = migration.start(executor);
    Thread.sleep(500);

    throttle.setRecordsPerSecond(2_000);
    Thread.sleep(100); // let the batch in flight under the old limit pass
    long before = written.get();
    Thread.sleep(1_000);
    long inOneSecond = written.get() - before;
    migration.close();
    running.get(30, TimeUnit.SECONDS);

    // 2,000 records/s for 1 s, plus at most one burst and one batch; never near the old 50,000.
    assertThat(inOneSecond).isBetween(500L, 2_000L + 100 + 100);
  }

  @Test
  void pacingReplaysTheStreamAtItsOriginalTimingScaledBySpeed() {
    // Generated timestamps advance 1 to 5 ms per record: 300 records span about 0.9 s.
    GeneratedStream stream = StreamSpec.builder().partitions(1, 300).keys(3).build().generate();
    List<Record> records = stream.records(0);
    long spanMillis = records.get(records.size() - 1).timestamp() - records.get(0).timestamp();
    InMemoryDestination destination = new InMemoryDestination();

    long start = System.nanoTime();
    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(Pacing.atSpeed(2.0).applyTo(destination.newTransactionalSink()))
        .batchSize(1_000)
        .build()
        .run();
    double millis = (System.nanoTime() - start) / 1e6;

    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(millis).isGreaterThanOrEqualTo(spanMillis / 2.0 * 0.95).isLessThan(spanMillis * 10.0);
  }
}
