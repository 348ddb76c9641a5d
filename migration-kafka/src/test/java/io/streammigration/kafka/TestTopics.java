package io.streammigration.kafka;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test plumbing: unique topic names, writing records to partitions, reading topics back. */
final class TestTopics {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestTopics() {}

  static String unique(String prefix) {
    return prefix + "-" + COUNTER.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  static KafkaProducer<byte[], byte[]> producer(KafkaTestBroker broker) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.putAll(broker.clientSettings(KafkaTestBroker.ADMIN));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Writes each list to partition {@code partitionNumbers.get(i)} of {@code topic}, in order, and
   * returns the records as a Kafka source will report them.
   */
  static SortedMap<PartitionId, List<Record>> write(
      KafkaTestBroker broker, String topic, List<List<Record>> partitions) {
    SortedMap<PartitionId, List<Record>> written = new TreeMap<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      for (int p = 0; p < partitions.size(); p++) {
        // Sent all at once, then awaited: the (idempotent) producer keeps each partition's order.
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        for (Record r : partitions.get(p)) {
          sent.add(producer.send(toProducerRecord(topic, p, r)));
        }
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
          Record r = partitions.get(p).get(i);
          RecordMetadata meta = sent.get(i).get();
          out.add(
              new Record(
                  r.key(), r.value(), r.headers(), r.timestamp(),
                  KafkaPartitions.partitionId(topic, p), Position.of(meta.offset())));
        }
        written.put(KafkaPartitions.partitionId(topic, p), out);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return written;
  }

  static ProducerRecord<byte[], byte[]> toProducerRecord(String topic, int partition, Record r) {
    List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
    for (Header h : r.headers()) {
      headers.add(new RecordHeader(h.name(), h.value()));
    }
    return new ProducerRecord<>(topic, partition, r.timestamp(), r.key(), r.value(), headers);
  }

  /** Every record of {@code topic} visible to a reader with the given isolation, by partition. */
  static SortedMap<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(
      KafkaTestBroker broker, String topic, boolean readCommitted) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.putAll(broker.clientSettings(KafkaTestBroker.ADMIN));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    SortedMap<Integer, List<ConsumerRecord<byte[], byte[]>>> out = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = readCommitted ? stableEnds(broker, consumer, tps) : consumer.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    return out;
  }

  /**
   * A transaction's commit returns before its markers reach the data partitions, so for a moment
   * the last stable offset stays behind. Wait briefly for it to reach the log end; a transaction
   * left open by a "crashed" producer keeps it behind, and then the stable offset is the answer.
   */
  private static Map<TopicPartition, Long> stableEnds(
      KafkaTestBroker broker, KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.putAll(broker.clientSettings(KafkaTestBroker.ADMIN));
    try (KafkaConsumer<byte[], byte[]> uncommitted =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (true) {
        // Markers take offsets too, so the log end is read again each time.
        Map<TopicPartition, Long> stable = consumer.endOffsets(tps);
        Map<TopicPartition, Long> logEnds = uncommitted.endOffsets(tps);
        if (stable.equals(logEnds)) {
          return stable;
        }
        if (System.nanoTime() > deadline) {
          // Expected after a simulated crash left a transaction open; anywhere else it explains a failure.
          System.err.println("read_committed: last stable offsets " + stable + " still behind log ends " + logEnds);
          return stable;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return stable;
        }
      }
    }
  }

  /** The values (UTF-8) a read_committed reader sees in each partition of {@code topic}, in order. */
  static List<List<String>> committedValues(KafkaTestBroker broker, String topic) {
    List<List<String>> out = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> list : readAll(broker, topic, true).values()) {
      out.add(list.stream().map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList());
    }
    return out;
  }

  /**
   * {@code count} records for partition {@code partition} of a source topic: values {@code
   * "p<partition>-<i>"}, 50 distinct keys, increasing timestamps. The partition and positions are
   * placeholders; {@link #write} puts the records where they go.
   */
  static List<Record> numbered(int partition, int count) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Record(("k" + i % 50).getBytes(java.nio.charset.StandardCharsets.UTF_8),
          ("p" + partition + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), Headers.EMPTY,
          1_700_000_000_000L + i, PartitionId.of("x"), Position.of(i)));
    }
    return out;
  }

  static Headers headersOf(ConsumerRecord<byte[], byte[]> r) {
    List<Header> list = new ArrayList<>();
    for (org.apache.kafka.common.header.Header h : r.headers()) {
      list.add(Header.of(h.key(), h.value()));
    }
    return Headers.of(list);
  }
}
