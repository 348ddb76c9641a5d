package io.streammigration.bench.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The at-least-once raw loop split over two threads the way our engine is: a consumer thread
 * hands each poll's records, through a queue of {@value #DEPTH} polls, to the thread that sends
 * them. Not the baseline of a target. It shows how much of "ours / raw loop" is the thread split
 * itself (each record is built on one core and sent from another) and how much is the engine.
 *
 * <p>Settings as {@link RawCopyLoop}'s. A checkpoint every {@link EngineCopy#CHECKPOINT_EVERY}:
 * the sending thread flushes, then hands the offsets of what it flushed to the consumer thread,
 * which commits them ({@code commitSync}) before its next poll, since a consumer has one thread.
 * At the end the sending thread waits until the last offsets are committed.
 */
final class RawTwoThreadLoop implements Contender {

  /** Polls the queue holds: at 500 records a poll, about the engine's hand-off of 64 batches. */
  static final int DEPTH = 64;

  /** Ends the queue of polls. */
  private static final ConsumerRecords<byte[], byte[]> END = new ConsumerRecords<>(Map.of(), Map.of());

  /** Ends the queue of commits. */
  private static final Map<TopicPartition, OffsetAndMetadata> LAST = Map.of();

  @Override
  public String name() {
    return "raw two-thread loop";
  }

  @Override
  public DeliveryGuarantee guarantee() {
    return DeliveryGuarantee.AT_LEAST_ONCE;
  }

  @Override
  public boolean ours() {
    return false;
  }

  @Override
  public Run copy(Job job, AtomicBoolean stop) throws Exception {
    long launched = System.currentTimeMillis();
    long cpuAtLaunch = EngineCopy.THREADS.getCurrentThreadCpuTime();
    Map<String, Object> consumerSettings = RawCopyLoop.consumerSettings(job, "raw2-" + job.runId(), false);
    Map<String, Object> producerSettings = RawCopyLoop.producerSettings(job);

    BlockingQueue<ConsumerRecords<byte[], byte[]>> polls = new ArrayBlockingQueue<>(DEPTH);
    BlockingQueue<Map<TopicPartition, OffsetAndMetadata>> commits = new LinkedBlockingQueue<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean quit = new AtomicBoolean(); // the sender failed: the reader must not wait for it
    long[] readerCpu = new long[1];
    Thread reader = new Thread(() -> {
      long cpuAtStart = EngineCopy.THREADS.getCurrentThreadCpuTime();
      try {
        read(job, stop, quit, consumerSettings, polls, commits);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        readerCpu[0] = EngineCopy.THREADS.getCurrentThreadCpuTime() - cpuAtStart;
      }
    }, "bench-raw2-reader");
    reader.start();

    Callback onAck = (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    };
    long checkpoints = 0;
    long checkpointNanos = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer())) {
      Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
      boolean dirty = false;
      long intervalNanos = EngineCopy.CHECKPOINT_EVERY.toNanos();
      long nextCheckpoint = System.nanoTime() + intervalNanos;
      while (true) {
        ConsumerRecords<byte[], byte[]> records = polls.poll(100, TimeUnit.MILLISECONDS);
        throwIf(failure);
        if (records == END) {
          break;
        }
        if (records != null) {
          RawCopyLoop.send(producer, job, records, onAck, next); // as the one-thread loop, on this thread
          dirty = true;
        }
        long now = System.nanoTime();
        if (dirty && now >= nextCheckpoint) {
          producer.flush();
          throwIf(failure);
          commits.put(Map.copyOf(next));
          dirty = false;
          nextCheckpoint = System.nanoTime() + intervalNanos;
          checkpoints++;
          checkpointNanos += nextCheckpoint - intervalNanos - now;
        }
      }
      long now = System.nanoTime();
      producer.flush();
      throwIf(failure);
      if (dirty) {
        commits.put(Map.copyOf(next));
        checkpoints++;
      }
      commits.put(LAST);
      reader.join(); // it commits what is queued, then closes the consumer
      checkpointNanos += System.nanoTime() - now;
      throwIf(failure);
    } finally {
      quit.set(true);
      reader.join();
    }
    long copierCpu = EngineCopy.THREADS.getCurrentThreadCpuTime() - cpuAtLaunch + readerCpu[0];
    return new Run(launched, copierCpu, checkpoints, checkpointNanos);
  }

  /** The consumer thread: polls into {@code polls}, commits what {@code commits} brings. */
  private static void read(
      Job job,
      AtomicBoolean stop,
      AtomicBoolean quit,
      Map<String, Object> settings,
      BlockingQueue<ConsumerRecords<byte[], byte[]>> polls,
      BlockingQueue<Map<TopicPartition, OffsetAndMetadata>> commits) throws InterruptedException {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      RawCopyLoop.assignFromTheStart(consumer, job);
      long read = 0;
      while (!quit.get() && (job.bounded() ? read < job.records() : !stop.get())) {
        commitQueued(consumer, commits);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        read += records.count();
        while (!polls.offer(records, 100, TimeUnit.MILLISECONDS)) {
          if (quit.get()) {
            return;
          }
        }
      }
      while (!polls.offer(END, 100, TimeUnit.MILLISECONDS)) {
        if (quit.get()) {
          return;
        }
      }
      // The last commits, up to the sender's LAST.
      for (Map<TopicPartition, OffsetAndMetadata> offsets; ; ) {
        offsets = commits.poll(100, TimeUnit.MILLISECONDS);
        if (offsets == LAST || quit.get()) {
          return;
        }
        if (offsets != null) {
          consumer.commitSync(offsets);
        }
      }
    }
  }

  private static void commitQueued(
      KafkaConsumer<byte[], byte[]> consumer, BlockingQueue<Map<TopicPartition, OffsetAndMetadata>> commits) {
    Map<TopicPartition, OffsetAndMetadata> latest = null;
    for (Map<TopicPartition, OffsetAndMetadata> offsets; (offsets = commits.poll()) != null; ) {
      latest = offsets;
    }
    if (latest != null) {
      consumer.commitSync(latest);
    }
  }

  private static void throwIf(AtomicReference<Throwable> failure) {
    if (failure.get() != null) {
      throw new IllegalStateException("the two-thread loop failed", failure.get());
    }
  }
}
