package io.streammigration.bench.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The hand-written baselines: one thread, one consumer, one producer, no engine. The same
 * producer settings as our sinks ({@code enable.idempotence=true}, {@code acks=all}, plus {@link
 * ClientTuning}), each record sent to the same partition number it came from, and a checkpoint
 * every {@link EngineCopy#CHECKPOINT_EVERY}:
 *
 * <ul>
 *   <li>AT_LEAST_ONCE: {@code producer.flush()}, then {@code commitSync} of the consumed offsets to
 *       a consumer group (the loop's checkpoint store).
 *   <li>EXACTLY_ONCE: a transactional consume-transform-produce loop: {@code
 *       sendOffsetsToTransaction} with the consumer's group metadata, then {@code
 *       commitTransaction}, as Kafka's own exactly-once examples do.
 * </ul>
 */
final class RawCopyLoop implements Contender {

  private final DeliveryGuarantee guarantee;

  RawCopyLoop(DeliveryGuarantee guarantee) {
    this.guarantee = guarantee;
  }

  @Override
  public String name() {
    return guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "raw transactional loop" : "raw consumer/producer loop";
  }

  @Override
  public DeliveryGuarantee guarantee() {
    return guarantee;
  }

  @Override
  public boolean ours() {
    return false;
  }

  @Override
  public Run copy(Job job, AtomicBoolean stop) {
    long launched = System.currentTimeMillis();
    long cpuAtLaunch = EngineCopy.THREADS.getCurrentThreadCpuTime();
    boolean exactlyOnce = guarantee == DeliveryGuarantee.EXACTLY_ONCE;
    String group = "raw-" + job.runId();
    Map<String, Object> consumerSettings = consumerSettings(job, group, exactlyOnce);
    Map<String, Object> producerSettings = producerSettings(job);
    if (exactlyOnce) {
      producerSettings.put("transactional.id", group);
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onAck = (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    };
    long intervalNanos = EngineCopy.CHECKPOINT_EVERY.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer())) {
      assignFromTheStart(consumer, job);
      if (exactlyOnce) {
        producer.initTransactions();
        producer.beginTransaction();
      }
      Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
      long checkpoints = 0;
      long checkpointNanos = 0;
      long copied = 0;
      boolean dirty = false;
      long nextCheckpoint = System.nanoTime() + intervalNanos;
      while (job.bounded() ? copied < job.records() : !stop.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) {
          send(producer, job, records, onAck, next);
          copied += records.count();
          dirty = true;
        }
        long now = System.nanoTime();
        if (dirty && now >= nextCheckpoint) {
          checkpoint(consumer, producer, next, exactlyOnce, failure);
          dirty = false;
          // From the end of the checkpoint, as the engine's CheckpointTrigger.every counts.
          nextCheckpoint = System.nanoTime() + intervalNanos;
          checkpoints++;
          checkpointNanos += nextCheckpoint - intervalNanos - now;
        }
      }
      if (dirty) {
        long now = System.nanoTime();
        checkpoint(consumer, producer, next, exactlyOnce, failure);
        checkpoints++;
        checkpointNanos += System.nanoTime() - now;
      }
      if (exactlyOnce) {
        producer.abortTransaction(); // the empty one the last checkpoint began
      }
      return new Run(launched, EngineCopy.THREADS.getCurrentThreadCpuTime() - cpuAtLaunch, checkpoints, checkpointNanos);
    }
  }

  /**
   * The raw loops' consumer settings: {@link ClientTuning#CONSUMER}, consumer group {@code group}
   * for the offsets, no auto-commit, read_committed for exactly-once.
   */
  static Map<String, Object> consumerSettings(Job job, String group, boolean readCommitted) {
    Map<String, Object> settings = new HashMap<>(ClientTuning.CONSUMER);
    settings.put("bootstrap.servers", job.bootstrap());
    settings.put("group.id", group);
    settings.put("enable.auto.commit", false);
    settings.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
    return settings;
  }

  /** The raw loops' producer settings: {@link ClientTuning#PRODUCER} and what our sinks always set. */
  static Map<String, Object> producerSettings(Job job) {
    Map<String, Object> settings = new HashMap<>(ClientTuning.PRODUCER);
    settings.put("bootstrap.servers", job.bootstrap());
    settings.put("enable.idempotence", true);
    settings.put("acks", "all");
    return settings;
  }

  /**
   * Sends each of {@code records} to the partition of the same number in the job's destination
   * topic, and notes in {@code next} the offset each partition resumes from once they are durable.
   */
  static void send(
      KafkaProducer<byte[], byte[]> producer,
      Job job,
      ConsumerRecords<byte[], byte[]> records,
      Callback onAck,
      Map<TopicPartition, OffsetAndMetadata> next) {
    for (ConsumerRecord<byte[], byte[]> r : records) {
      producer.send(
          new ProducerRecord<>(job.destinationTopic(), r.partition(), r.timestamp(), r.key(), r.value(), r.headers()),
          onAck);
    }
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(tp);
      next.put(tp, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
    }
  }

  /** Assigns every partition of the job's source topic, each read from its first offset. */
  static void assignFromTheStart(KafkaConsumer<byte[], byte[]> consumer, Job job) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < job.partitions(); p++) {
      partitions.add(new TopicPartition(job.sourceTopic(), p));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private static void checkpoint(
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> producer,
      Map<TopicPartition, OffsetAndMetadata> next,
      boolean exactlyOnce,
      AtomicReference<Exception> failure) {
    if (exactlyOnce) {
      producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
      producer.commitTransaction();
      throwIf(failure);
      producer.beginTransaction();
    } else {
      producer.flush();
      throwIf(failure);
      consumer.commitSync(next);
    }
  }

  private static void throwIf(AtomicReference<Exception> failure) {
    if (failure.get() != null) {
      throw new IllegalStateException("a send failed", failure.get());
    }
  }
}
