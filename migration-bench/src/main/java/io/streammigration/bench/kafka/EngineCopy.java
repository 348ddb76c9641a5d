package io.streammigration.bench.kafka;

import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.spi.Sink;
import io.streammigration.kafka.ClientSettings;
import io.streammigration.kafka.KafkaCheckpointStore;
import io.streammigration.kafka.KafkaSink;
import io.streammigration.kafka.KafkaSinkConfig;
import io.streammigration.kafka.KafkaSource;
import io.streammigration.kafka.KafkaSourceConfig;
import io.streammigration.kafka.TopicMapping;
import io.streammigration.kafka.TransactionalKafkaSink;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Our engine: {@link KafkaSource} to {@link TransactionalKafkaSink} (EXACTLY_ONCE) or to {@link
 * KafkaSink} with a {@link KafkaCheckpointStore} (AT_LEAST_ONCE), checkpointing every {@link
 * #CHECKPOINT_EVERY}, with the engine's defaults otherwise (batches of up to 1,000 records, hand-off
 * of 64 batches or 8 MiB, no ordering guard). The reader side runs on a thread this contender keeps, so
 * that its CPU time can be read after each run.
 */
final class EngineCopy implements Contender {

  /**
   * The checkpoint (commit) interval of every contender that has one: 100 ms, or the system
   * property {@code bench.kafka.checkpointMillis} (to see how much of a ratio is checkpoint cost).
   */
  static final Duration CHECKPOINT_EVERY = Duration.ofMillis(Long.getLong("bench.kafka.checkpointMillis", 100));

  static final String CHECKPOINT_TOPIC = "bench-checkpoints";

  static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private final DeliveryGuarantee guarantee;
  /** The engine's reader thread, kept across runs so that its CPU time can be read. */
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-engine-reader");
        t.setDaemon(true);
        return t;
      });

  EngineCopy(DeliveryGuarantee guarantee) {
    this.guarantee = guarantee;
  }

  @Override
  public String name() {
    return "ours (engine)";
  }

  @Override
  public DeliveryGuarantee guarantee() {
    return guarantee;
  }

  @Override
  public boolean ours() {
    return true;
  }

  @Override
  public Run copy(Job job, AtomicBoolean stop) throws Exception {
    long launched = System.currentTimeMillis();
    long writerCpuAtLaunch = THREADS.getCurrentThreadCpuTime();
    CheckpointCounter checkpoints = new CheckpointCounter();
    long readerCpuAtLaunch = reader.submit(THREADS::getCurrentThreadCpuTime).get();
    boolean exactlyOnce = guarantee == DeliveryGuarantee.EXACTLY_ONCE;
    String id = "bench-" + job.runId();
    KafkaSource source = new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(job.bootstrap())
        .topics(job.sourceTopic())
        .readCommitted(exactlyOnce)
        .bounded(job.bounded())
        .clientSettings(ClientTuning.CONSUMER)
        .build());
    KafkaSinkConfig sinkConfig = KafkaSinkConfig.builder()
        .bootstrapServers(job.bootstrap())
        .topicMapping(TopicMapping.renamed(Map.of(job.sourceTopic(), job.destinationTopic())))
        .checkpointTopic(CHECKPOINT_TOPIC)
        .clientSettings(ClientTuning.PRODUCER)
        .build();
    Sink sink = exactlyOnce ? new TransactionalKafkaSink(sinkConfig) : new KafkaSink(sinkConfig);
    KafkaCheckpointStore store = exactlyOnce
        ? null
        : KafkaCheckpointStore.open(job.bootstrap(), ClientSettings.of(ClientTuning.PRODUCER), CHECKPOINT_TOPIC, id, 10);
    Migration.Builder builder = Migration.builder()
        .id(id)
        .source(source)
        .sink(sink)
        .guarantee(guarantee)
        .checkpointTrigger(CheckpointTrigger.every(CHECKPOINT_EVERY))
        .readerExecutor(reader)
        .listener(checkpoints);
    if (store != null) {
      builder.checkpointStore(store);
    }
    try (Migration migration = builder.build()) {
      if (!job.bounded()) {
        Thread stopper = new Thread(() -> {
          while (!stop.get()) {
            sleep(5);
          }
          migration.close();
        }, "bench-engine-stopper");
        stopper.setDaemon(true);
        stopper.start();
      }
      MigrationResult result = migration.run();
      if (job.bounded() && result.records() != job.records()) {
        throw new IllegalStateException("the engine moved " + result.records() + " of " + job.records() + " records");
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
    long writerCpu = THREADS.getCurrentThreadCpuTime() - writerCpuAtLaunch;
    long readerCpu = reader.submit(THREADS::getCurrentThreadCpuTime).get() - readerCpuAtLaunch;
    return new Run(launched, writerCpu + readerCpu, checkpoints.count, checkpoints.nanos);
  }

  /** Counts checkpoints and the writer's time in them; the engine calls it on the writer thread. */
  private static final class CheckpointCounter implements MigrationListener {
    long count;
    long nanos;

    @Override
    public void onCheckpointCommitted(CheckpointEvent event) {
      count++;
      nanos += event.duration().toNanos();
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
