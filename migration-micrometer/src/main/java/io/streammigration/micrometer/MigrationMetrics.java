package io.streammigration.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationStatus;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.policy.Throttle;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.ordering.OrderingViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MigrationListener} that records a migration's events as Micrometer meters, plus
 * gauges read from {@link Migration#status()} once {@link #bindStatus} is called. Every meter
 * carries the tag {@code migration=<id>} and any extra tags given; the names, types, units and
 * tags are listed in the module's README.
 *
 * <pre>{@code
 * MigrationMetrics metrics = MigrationMetrics.of(registry, "orders-to-new-cluster");
 * Migration migration = Migration.builder().id("orders-to-new-cluster").listener(metrics)...build();
 * metrics.bindStatus(migration);
 * }</pre>
 *
 * <p>Only {@code migration.partition.lag} is tagged by source partition, and only after {@link
 * #bindPartitionLag}, with a cap: partitions are unbounded in number (a topic can have thousands).
 *
 * <p><b>Threads.</b> Event methods are called by the engine (the writer thread, and the reader
 * thread for source retries); Micrometer meters are thread-safe and the latency window is
 * synchronized, so gauges may be read from any thread. Batch events cost four counter increments and
 * allocate nothing.
 */
public final class MigrationMetrics implements MigrationListener {

  private final MeterRegistry registry;
  private final String migrationId;
  private final Tags tags;
  private final Counter recordsIn;
  private final Counter recordsOut;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Timer checkpoints;
  private final Counter deadLetters;
  private final LatencyWindow latency;
  // Violations can come once per record (a replayed range), so their counters are looked up in
  // an array rather than built per event. Index: kind ordinal * 2 + (dropped ? 1 : 0).
  private final Counter[] violations = new Counter[OrderingViolationException.Kind.values().length * 2];
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final java.util.Set<PartitionId> lagPartitions = ConcurrentHashMap.newKeySet();
  private volatile Migration partitionLagOf;
  private volatile int maxLagPartitions;

  private MigrationMetrics(
      MeterRegistry registry, String migrationId, Tags tags, Duration latencyWindow) {
    this.registry = registry;
    this.latency = new LatencyWindow(latencyWindow, System::nanoTime);
    this.migrationId = migrationId;
    this.tags = tags;
    this.recordsIn =
        Counter.builder("migration.records.in")
            .description("Source records the engine wrote a batch for (before the guard and transforms)")
            .tags(tags)
            .register(registry);
    this.recordsOut =
        Counter.builder("migration.records.out")
            .description("Records handed to the sink (after the guard and transforms)")
            .tags(tags)
            .register(registry);
    this.bytesIn =
        Counter.builder("migration.bytes.in")
            .description("Source bytes (key + value + headers) the engine wrote a batch for")
            .tags(tags)
            .register(registry);
    this.bytesOut =
        Counter.builder("migration.bytes.out")
            .description("Bytes (key + value + headers) of the records handed to the sink")
            .tags(tags)
            .register(registry);
    this.deadLetters =
        Counter.builder("migration.dead.letters")
            .description("Records a transform rejected, routed to the dead-letter sink")
            .tags(tags)
            .register(registry);
    this.checkpoints =
        Timer.builder("migration.checkpoints")
            .description("Committed checkpoints and how long each commit took")
            .tags(tags)
            .register(registry);
    registerLatency(registry, tags, latency, latencyWindow);
  }

  /**
   * Registers the event meters for the migration {@code migrationId} in {@code registry}.
   *
   * @throws MigrationConfigException naming {@code migrationId} if it is empty
   */
  public static MigrationMetrics of(MeterRegistry registry, String migrationId, Tag... extraTags) {
    return of(registry, migrationId, DEFAULT_LATENCY_WINDOW, extraTags);
  }

  /** The window the latency gauges cover unless told otherwise: one minute. */
  public static final Duration DEFAULT_LATENCY_WINDOW = Duration.ofMinutes(1);

  /**
   * As {@link #of(MeterRegistry, String, Tag...)}, with latency percentiles over the last {@code
   * latencyWindow} instead of the last minute.
   *
   * @throws MigrationConfigException naming {@code latencyWindow} if it is not positive
   */
  public static MigrationMetrics of(
      MeterRegistry registry, String migrationId, Duration latencyWindow, Tag... extraTags) {
    Objects.requireNonNull(registry, "registry");
    if (migrationId == null || migrationId.isEmpty()) {
      throw new MigrationConfigException("migrationId", "must be the migration's non-empty id");
    }
    if (latencyWindow == null || latencyWindow.isZero() || latencyWindow.isNegative()) {
      throw new MigrationConfigException("latencyWindow", "must be positive, was " + latencyWindow);
    }
    return new MigrationMetrics(
        registry, migrationId, Tags.of(extraTags).and(Tag.of("migration", migrationId)), latencyWindow);
  }

  /**
   * Adds gauges read from {@code migration.status()} on each scrape: phase, last checkpoint id,
   * its age, and the records and bytes covered by this run's checkpoints. The registry holds the
   * migration weakly, as Micrometer gauges do: keep a reference to it while it runs.
   *
   * @throws MigrationConfigException naming {@code migration} if its id is not this binding's
   */
  public MigrationMetrics bindStatus(Migration migration) {
    requireThisMigration(migration);
    Gauge.builder("migration.phase", migration, m -> phaseCode(m.status().phase()))
        .description("0 created, 1 running, 2 stopping, 3 finished, 4 failed, 5 backfill, 6 caught up, 7 draining")
        .tags(tags)
        .register(registry);
    Gauge.builder(
            "migration.checkpoint.last.id",
            migration,
            m -> m.status().lastCheckpoint().map(cp -> (double) cp.id()).orElse(Double.NaN))
        .description("Id of the last committed checkpoint (NaN before the first)")
        .tags(tags)
        .register(registry);
    TimeGauge.builder(
            "migration.checkpoint.age",
            migration,
            TimeUnit.MILLISECONDS,
            m -> m.status().lastCheckpointAt().map(MigrationMetrics::millisSince).orElse(Double.NaN))
        .description("Time since this run's last checkpoint commit (NaN before the first)")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("migration.committed.records", migration, m -> m.status().records())
        .description("Source records covered by this run's committed checkpoints")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("migration.committed.bytes", migration, m -> m.status().bytes())
        .description("Source bytes covered by this run's committed checkpoints")
        .tags(tags)
        .register(registry);
    Gauge.builder(
            "migration.lag",
            migration,
            m -> m.status().lag().isPresent() ? m.status().lag().getAsLong() : Double.NaN)
        .description(
            "Total lag behind the source's partition ends, in position units (offsets, bytes);"
                + " NaN when the source cannot tell where its partitions end")
        .tags(tags)
        .register(registry);
    Gauge.builder("migration.records.rate", migration, m -> m.status().recordsPerSecond())
        .description("Source records read per second, over the last second or so")
        .baseUnit("records/s")
        .tags(tags)
        .register(registry);
    return this;
  }

  /**
   * Adds {@code migration.partition.lag}, tagged {@code partition}, for each source partition whose
   * end the source reports, up to {@code maxPartitions} of them (a cap on the registry's series:
   * the total {@code migration.lag} from {@link #bindStatus} covers every partition). Partitions
   * are registered as they appear, when a checkpoint commits; each gauge reads the status on scrape
   * and is NaN while its partition's end is unknown.
   *
   * @throws MigrationConfigException if {@code migration} is not this binding's, or {@code
   *     maxPartitions} is not positive
   */
  public MigrationMetrics bindPartitionLag(Migration migration, int maxPartitions) {
    requireThisMigration(migration);
    if (maxPartitions <= 0) {
      throw new MigrationConfigException("maxPartitions", "must be positive, was " + maxPartitions);
    }
    this.partitionLagOf = migration;
    this.maxLagPartitions = maxPartitions;
    registerNewPartitions();
    return this;
  }

  private void requireThisMigration(Migration migration) {
    Objects.requireNonNull(migration, "migration");
    if (!migration.config().id().equals(migrationId)) {
      throw new MigrationConfigException(
          "migration",
          "its id " + migration.config().id() + " differs from these metrics' " + migrationId);
    }
  }

  private void registerNewPartitions() {
    Migration migration = partitionLagOf;
    if (migration == null || lagPartitions.size() >= maxLagPartitions) {
      return;
    }
    for (PartitionId partition : migration.status().partitionLag().keySet()) {
      if (lagPartitions.size() >= maxLagPartitions) {
        return;
      }
      if (lagPartitions.add(partition)) {
        Gauge.builder(
                "migration.partition.lag",
                migration,
                m -> {
                  Long lag = m.status().partitionLag().get(partition);
                  return lag == null ? Double.NaN : lag;
                })
            .description("Lag of one source partition behind its end, in position units")
            .tags(tags)
            .tag("partition", partition.name())
            .register(registry);
      }
    }
  }

  /**
   * Adds {@code migration.throttle.wait}: the time the writer has spent waiting for {@code
   * throttle}, read on each scrape. Keep a reference to the throttle while it is used.
   */
  public MigrationMetrics bindThrottle(Throttle throttle) {
    Objects.requireNonNull(throttle, "throttle");
    FunctionCounter.builder("migration.throttle.wait", throttle, t -> t.waitedNanos() / 1e9)
        .description("Time the writer spent waiting for the throttle (backpressure on the source)")
        .baseUnit("seconds")
        .tags(tags)
        .register(registry);
    return this;
  }

  /** Stable codes, independent of the enum's declaration order. */
  static double phaseCode(MigrationStatus.Phase phase) {
    return switch (phase) {
      case CREATED -> 0;
      case RUNNING -> 1;
      case STOPPING -> 2;
      case FINISHED -> 3;
      case FAILED -> 4;
      case BACKFILL -> 5;
      case CAUGHT_UP -> 6;
      case DRAINING -> 7;
    };
  }

  private static double millisSince(Instant instant) {
    return Duration.between(instant, Instant.now()).toMillis();
  }

  @Override
  public void onBatchWritten(int recordsIn, long bytesIn, int recordsOut, long bytesOut) {
    this.recordsIn.increment(recordsIn);
    this.bytesIn.increment(bytesIn);
    this.recordsOut.increment(recordsOut);
    this.bytesOut.increment(bytesOut);
  }

  @Override
  public void onCheckpointCommitted(CheckpointEvent event) {
    checkpoints.record(event.duration());
    latency.add(event.latencyHistogram());
    registerNewPartitions();
  }

  @Override
  public void onRetry(String operation, int attempt, Throwable cause, Duration backoff) {
    // Source retries arrive on the reader thread, the rest on the writer thread.
    retries
        .computeIfAbsent(
            operation,
            op ->
                Counter.builder("migration.retries")
                    .description("Adapter calls that failed with a retriable error and were retried")
                    .tags(tags)
                    .tag("operation", op)
                    .register(registry))
        .increment();
  }

  @Override
  public void onOrderingViolation(OrderingViolation violation) {
    int index = violation.kind().ordinal() * 2 + (violation.dropped() ? 1 : 0);
    Counter counter = violations[index];
    if (counter == null) {
      // Only the writer thread reports violations, so no race on the slot.
      counter =
          Counter.builder("migration.ordering.violations")
              .description("Duplicates, gaps and reorders the ordering guard let pass or dropped")
              .tags(tags)
              .tag("kind", violation.kind().name().toLowerCase(Locale.ROOT))
              .tag("dropped", Boolean.toString(violation.dropped()))
              .register(registry);
      violations[index] = counter;
    }
    counter.increment();
  }

  @Override
  public void onDeadLetter(Record record, RecordRejectedException rejection) {
    deadLetters.increment();
  }

  @Override
  public void onFailed(Throwable error) {
    Counter.builder("migration.failures")
        .description("Runs that failed")
        .tags(tags)
        .tag("exception", error.getClass().getSimpleName())
        .register(registry)
        .increment();
  }

  @Override
  public String toString() {
    return "MigrationMetrics{" + migrationId + "}";
  }

  /**
   * The end-to-end latency gauges, read from the sliding {@link LatencyWindow} on each scrape: the
   * engine hands over each checkpoint interval's HdrHistogram, so the percentiles are over every
   * record measured in the window.
   */
  private static void registerLatency(MeterRegistry registry, Tags tags, LatencyWindow window, Duration span) {
    for (String quantile : new String[] {"0.5", "0.9", "0.99", "0.999"}) {
      double percentile = Double.parseDouble(quantile) * 100;
      TimeGauge.builder("migration.latency", window, TimeUnit.MILLISECONDS, w -> w.percentile(percentile))
          .description("End-to-end latency percentile (source timestamp to commit) over the last " + span)
          .tags(tags)
          .tag("quantile", quantile)
          .strongReference(true)
          .register(registry);
    }
    TimeGauge.builder("migration.latency.max", window, TimeUnit.MILLISECONDS, LatencyWindow::max)
        .description("Largest end-to-end latency over the last " + span)
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder("migration.latency.records", window, w -> w.count())
        .description("Records whose end-to-end latency the window holds (sampled, weighted)")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }
}
