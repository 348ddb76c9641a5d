package io.streammigration.bench.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The records the Kafka benchmarks move, and how to read their values back.
 *
 * <p>Keys: {@value #KEYS} distinct customer-like keys, so the default partitioner spreads records
 * over the partitions by key hash. Values: {@value #MIN_VALUE} to {@value #MAX_VALUE} bytes,
 * uniformly, of random (incompressible) bytes, except the first 16: a sequence number (the
 * record's index in the topic, so a reader can check order, loss and duplicates per partition)
 * and a send stamp in microseconds (0 in the throughput data; the latency run's scheduled send
 * time).
 */
final class BenchData {

  static final int MIN_VALUE = 100;
  static final int MAX_VALUE = 1024;
  static final int KEYS = 10_000;

  private BenchData() {}

  /** What was written to a source topic. */
  record Filled(String topic, long records, long valueBytes, long[] perPartition) {}

  /**
   * Writes {@code records} records to {@code topic} (which exists, with {@code partitions}
   * partitions) and waits until all are acknowledged. Deterministic for a given seed.
   */
  static Filled fill(String bootstrap, String topic, int partitions, long records, long seed) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("acks", "all");
    settings.put("enable.idempotence", true);
    settings.put("linger.ms", 20);
    settings.put("batch.size", 256 * 1024);
    long[] perPartition = new long[partitions];
    long bytes = 0;
    AtomicReference<Exception> failure = new AtomicReference<>();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] noise = new byte[1 << 21];
    random.nextBytes(noise);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records; i++) {
        byte[] key = key(random.nextInt(KEYS));
        byte[] value = value(random, noise, i, 0);
        bytes += value.length;
        producer.send(
            new ProducerRecord<>(topic, key, value),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              } else {
                synchronized (perPartition) {
                  perPartition[metadata.partition()]++;
                }
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("filling " + topic + " failed", failure.get());
    }
    return new Filled(topic, records, bytes, perPartition);
  }

  static byte[] key(int customer) {
    return ("customer-" + customer).getBytes(StandardCharsets.UTF_8);
  }

  /** A value of random size and content with {@code sequence} and {@code stampMicros} up front. */
  static byte[] value(SplittableRandom random, byte[] noise, long sequence, long stampMicros) {
    int size = random.nextInt(MIN_VALUE, MAX_VALUE + 1);
    byte[] value = new byte[size];
    System.arraycopy(noise, random.nextInt(noise.length - size), value, 0, size);
    ByteBuffer.wrap(value).putLong(sequence).putLong(stampMicros);
    return value;
  }

  static long sequence(byte[] value) {
    return ByteBuffer.wrap(value).getLong(0);
  }

  static long stampMicros(byte[] value) {
    return ByteBuffer.wrap(value).getLong(8);
  }
}
