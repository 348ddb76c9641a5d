package io.streammigration.micrometer;

import io.streammigration.core.engine.MigrationStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.DeliveryGuarantee;
import org.HdrHistogram.Histogram;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.listener.MigrationListeners;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.ordering.OrderingPolicy;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.core.spi.Transform;
import io.streammigration.testkit.fault.Fault;
import io.streammigration.testkit.fault.FaultInjection;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real migrations over the in-memory adapters, observed through a SimpleMeterRegistry. */
@Timeout(60)
class MigrationMetricsTest {

  private static final String ID = "orders";
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<CheckpointEvent> events = new CopyOnWriteArrayList<>();
  private final MigrationListener capture =
      new MigrationListener() {
        @Override
        public void onCheckpointCommitted(CheckpointEvent event) {
          events.add(event);
        }
      };

  private static GeneratedStream stream() {
    return StreamSpec.builder().partitions(3, 500).keys(15).build().generate();
  }

  private static long bytes(List<Record> records) {
    return records.stream().mapToLong(Record::sizeInBytes).sum();
  }

  private Migration.Builder migration(Source source, TransactionalSink sink, MigrationMetrics metrics) {
    return Migration.builder()
        .id(ID)
        .source(source)
        .sink(sink)
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(200))
        .batchSize(50)
        .pollTimeout(Duration.ofMillis(20))
        .listener(MigrationListeners.compose(metrics, capture));
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tag("migration", ID).tags(tags).counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).tag("migration", ID).gauge().value();
  }

  @Test
  void aRunProducesTheDocumentedMetersWithExactValues() {
    GeneratedStream stream = stream();
    MigrationMetrics metrics = MigrationMetrics.of(registry, ID, Tag.of("env", "test"));
    Migration migration =
        migration(InMemorySource.bounded(stream), new InMemoryDestination().newTransactionalSink(), metrics)
            .build();
    metrics.bindStatus(migration);
    assertThat(gauge("migration.phase")).isZero();
    assertThat(gauge("migration.checkpoint.last.id")).isNaN();
    assertThat(registry.get("migration.latency").tag("quantile", "0.99").timeGauge().value()).isNaN();

    MigrationResult result = migration.run();

    long totalBytes = bytes(stream.all());
    assertThat(counter("migration.records.in")).isEqualTo(1_500);
    assertThat(counter("migration.records.out")).isEqualTo(1_500);
    assertThat(counter("migration.bytes.in")).isEqualTo(totalBytes);
    assertThat(counter("migration.bytes.out")).isEqualTo(totalBytes);
    var checkpoints = registry.get("migration.checkpoints").tag("migration", ID).timer();
    assertThat(checkpoints.count()).isEqualTo(result.checkpoints()).isEqualTo(events.size()).isGreaterThan(1);
    assertThat(checkpoints.totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo(events.stream().mapToLong(e -> e.duration().toNanos()).sum());
    // The run is far shorter than the one-minute window: the gauges cover every interval.
    Histogram all = new Histogram(3);
    events.forEach(e -> all.add(e.latencyHistogram()));
    assertThat(all.getTotalCount()).isEqualTo(1_500);
    for (String quantile : List.of("0.5", "0.9", "0.99", "0.999")) {
      assertThat(registry.get("migration.latency").tag("quantile", quantile).timeGauge().value(TimeUnit.MILLISECONDS))
          .as("latency quantile %s", quantile)
          .isEqualTo(all.getValueAtPercentile(Double.parseDouble(quantile) * 100));
    }
    assertThat(registry.get("migration.latency.max").timeGauge().value(TimeUnit.MILLISECONDS))
        .isEqualTo(all.getMaxValue());
    assertThat(gauge("migration.latency.records")).isEqualTo(1_500);

    assertThat(gauge("migration.phase")).isEqualTo(3);
    assertThat(gauge("migration.lag")).as("the in-memory source reports its ends").isZero();
    assertThat(registry.get("migration.dead.letters").counter().count()).isZero();
    assertThat(gauge("migration.checkpoint.last.id")).isEqualTo(result.lastCheckpoint().orElseThrow().id());
    assertThat(registry.get("migration.committed.records").functionCounter().count()).isEqualTo(1_500);
    assertThat(registry.get("migration.committed.bytes").functionCounter().count()).isEqualTo(totalBytes);
    assertThat(registry.get("migration.checkpoint.age").timeGauge().value(TimeUnit.SECONDS)).isBetween(0.0, 60.0);

    // Nothing went wrong, so no retry, violation or failure meter exists.
    assertThat(registry.find("migration.retries").meters()).isEmpty();
    assertThat(registry.find("migration.ordering.violations").meters()).isEmpty();
    assertThat(registry.find("migration.failures").meters()).isEmpty();
    // Every meter carries the migration id and the extra tag, and none a partition.
    assertThat(registry.getMeters())
        .hasSize(19)
        .allSatisfy(
            m -> {
              assertThat(m.getId().getTag("migration")).isEqualTo(ID);
              assertThat(m.getId().getTag("env")).isEqualTo("test");
              assertThat(m.getId().getTag("partition")).isNull();
            });
  }

  @Test
  void recordsOutCountsWhatTheTransformsEmit() {
    GeneratedStream stream = stream();
    MigrationMetrics metrics = MigrationMetrics.of(registry, ID);

    migration(InMemorySource.bounded(stream), new InMemoryDestination().newTransactionalSink(), metrics)
        .transform(Transform.filter(r -> r.position().offset() % 2 == 0))
        .build()
        .run();

    assertThat(counter("migration.records.in")).isEqualTo(1_500);
    assertThat(counter("migration.records.out")).isEqualTo(750);
    long evenBytes =
        bytes(stream.all().stream().filter(r -> r.position().offset() % 2 == 0).toList());
    assertThat(counter("migration.bytes.out")).isEqualTo(evenBytes).isLessThan(counter("migration.bytes.in"));
  }

  @Test
  void droppedDuplicatesAreCountedByKind() {
    GeneratedStream stream = stream();
    PartitionId p0 = GeneratedStream.partition(0);
    Map<PartitionId, List<Record>> withReplay = new TreeMap<>(stream.byPartition());
    List<Record> replayed = new ArrayList<>(stream.records(p0));
    for (int i = 0; i < 4; i++) {
      // The same records again at new positions: what a producer retry looks like downstream.
      Record again = replayed.get(i);
      replayed.add(
          new Record(again.key(), again.value(), again.headers(), again.timestamp(), p0, Position.of(500 + i)));
    }
    withReplay.put(p0, replayed);
    MigrationMetrics metrics = MigrationMetrics.of(registry, ID);

    migration(InMemorySource.bounded(withReplay), new InMemoryDestination().newTransactionalSink(), metrics)
        .ordering(
            Ordering.perKey()
                .sequenceFromHeader(GeneratedStream.KEY_SEQUENCE_HEADER)
                .policy(OrderingPolicy.DROP_DUPLICATES))
        .build()
        .run();

    assertThat(counter("migration.ordering.violations", "kind", "duplicate", "dropped", "true")).isEqualTo(4);
    assertThat(registry.find("migration.ordering.violations").meters()).hasSize(1);
    assertThat(counter("migration.records.in")).isEqualTo(1_504);
    assertThat(counter("migration.records.out")).isEqualTo(1_500);
  }

  @Test
  void retriesAreCountedByOperation() {
    MigrationMetrics metrics = MigrationMetrics.of(registry, ID);
    TransactionalSink flaky =
        FaultInjection.sink(
            new InMemoryDestination().newTransactionalSink(),
            Fault.before(SpiMethod.COMMIT, 1).times(2));

    migration(InMemorySource.bounded(stream()), flaky, metrics)
        .retryPolicy(io.streammigration.core.policy.RetryPolicy.ofDefaults())
        .build()
        .run();

    assertThat(counter("migration.retries", "operation", "sink.commit")).isEqualTo(2);
    assertThat(registry.find("migration.retries").meters()).hasSize(1);
  }

  @Test
  void aFailedRunIsCountedAndShowsInThePhase() {
    MigrationMetrics metrics = MigrationMetrics.of(registry, ID);
    TransactionalSink broken =
        FaultInjection.sink(
            new InMemoryDestination().newTransactionalSink(), Fault.before(SpiMethod.COMMIT, 2).fatal());
    Migration migration = migration(InMemorySource.bounded(stream()), broken, metrics).build();
    metrics.bindStatus(migration);

    assertThatThrownBy(migration::run).isInstanceOf(MigrationException.class);

    assertThat(counter("migration.failures", "exception", "MigrationException")).isEqualTo(1);
    assertThat(gauge("migration.phase")).isEqualTo(4);
    assertThat(gauge("migration.checkpoint.last.id")).isEqualTo(events.get(0).checkpoint().id());
    assertThat(registry.get("migration.committed.records").functionCounter().count())
        .isEqualTo(events.get(0).records());
  }

  @Test
  void bindingRefusesAnotherMigrationsStatusOrAnEmptyId() {
    MigrationMetrics metrics = MigrationMetrics.of(registry, ID);
    Migration other =
        Migration.builder()
            .id("other")
            .source(InMemorySource.bounded(stream()))
            .sink(new InMemoryDestination().newTransactionalSink())
            .build();

    assertThatThrownBy(() -> metrics.bindStatus(other))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessage("migration: its id other differs from these metrics' orders");
    assertThatThrownBy(() -> MigrationMetrics.of(registry, ""))
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("migrationId"));
  }

  @Test
  void throttleWaitIsReportedInSeconds() {
    io.streammigration.core.policy.Throttle throttle =
        io.streammigration.core.policy.Throttle.recordsPerSecond(1_000);
    MigrationMetrics.of(registry, ID).bindThrottle(throttle);
    throttle.acquire(50, 0); // the burst: free
    throttle.acquire(30, 0); // about 30 ms of waiting

    double seconds = registry.get("migration.throttle.wait").functionCounter().count();
    assertThat(seconds).isEqualTo(throttle.waitedNanos() / 1e9).isGreaterThan(0.02);
  }

  @Test
  void partitionLagIsTaggedByPartitionUpToTheCap() {
    GeneratedStream stream = stream();
    MigrationMetrics metrics = MigrationMetrics.of(registry, ID);
    Migration migration =
        migration(InMemorySource.bounded(stream), new InMemoryDestination().newTransactionalSink(), metrics)
            .build();
    metrics.bindPartitionLag(migration, 2);

    migration.run();

    var lags = registry.find("migration.partition.lag").gauges();
    assertThat(lags).hasSize(2);
    assertThat(lags)
        .allSatisfy(
            g -> {
              assertThat(stream.partitions()).contains(PartitionId.of(g.getId().getTag("partition")));
              assertThat(g.value()).as("lag of %s after the run", g.getId().getTag("partition")).isZero();
            });
    assertThatThrownBy(() -> metrics.bindPartitionLag(migration, 0))
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("maxPartitions"));
  }

  /** Dashboards key on these numbers: a new phase gets a new code, an old one never changes. */
  @Test
  void phaseCodesAreStable() {
    java.util.Map<MigrationStatus.Phase, Double> codes = new java.util.EnumMap<>(MigrationStatus.Phase.class);
    for (MigrationStatus.Phase phase : MigrationStatus.Phase.values()) {
      codes.put(phase, MigrationMetrics.phaseCode(phase));
    }
    assertThat(codes)
        .containsEntry(MigrationStatus.Phase.CREATED, 0.0)
        .containsEntry(MigrationStatus.Phase.RUNNING, 1.0)
        .containsEntry(MigrationStatus.Phase.STOPPING, 2.0)
        .containsEntry(MigrationStatus.Phase.FINISHED, 3.0)
        .containsEntry(MigrationStatus.Phase.FAILED, 4.0)
        .containsEntry(MigrationStatus.Phase.BACKFILL, 5.0)
        .containsEntry(MigrationStatus.Phase.CAUGHT_UP, 6.0)
        .containsEntry(MigrationStatus.Phase.DRAINING, 7.0);
    assertThat(new java.util.HashSet<>(codes.values())).hasSize(MigrationStatus.Phase.values().length);
  }
}
