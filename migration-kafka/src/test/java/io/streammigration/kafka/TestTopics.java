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
    // Closing waits for the fetch in flight at the end, which the broker holds up to this long.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
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
   * the last stable offset stays behind. Wait for it while a transaction coordinator is still
   * writing markers (a transaction in a PREPARE_* state); once none is, whatever still holds the
   * stable offset back is a transaction left open (by a "crashed" producer), no marker is coming,
   * and the stable offset is the answer. Gives up waiting after 30 s, saying what it waited for.
   */
  private static Map<TopicPartition, Long> stableEnds(
      KafkaTestBroker broker, KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.putAll(broker.clientSettings(KafkaTestBroker.ADMIN));
    org.apache.kafka.clients.admin.Admin admin = null; // only if the stable offsets lag
    try (KafkaConsumer<byte[], byte[]> uncommitted =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        // Markers take offsets too, so the log end is read again each time.
        Map<TopicPartition, Long> stable = consumer.endOffsets(tps);
        Map<TopicPartition, Long> logEnds = uncommitted.endOffsets(tps);
        if (stable.equals(logEnds)) {
          return stable;
        }
        if (admin == null) {
          admin = broker.admin();
        }
        if (!markersPending(admin)) {
          Map<TopicPartition, Long> settled = consumer.endOffsets(tps); // markers may have landed meanwhile
          if (settled.equals(stable)) {
            // Expected after a simulated crash left a transaction open; anywhere else it explains a failure.
            System.err.println("read_committed: last stable offsets " + stable + " behind log ends " + logEnds
                + ", no markers pending; " + openTransactions(broker, stable, logEnds));
            return stable;
          }
          continue;
        }
        if (System.nanoTime() > deadline) {
          System.err.println("read_committed: markers still pending after 30 s; last stable offsets " + stable
              + " behind log ends " + logEnds + "; " + openTransactions(broker, stable, logEnds));
          return stable;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return stable;
        }
      }
    } finally {
      if (admin != null) {
        admin.close();
      }
    }
  }

  /** True while some transaction coordinator is completing a transaction (writing its markers). */
  private static boolean markersPending(org.apache.kafka.clients.admin.Admin admin) {
    try {
      return admin.listTransactions().all().get(10, java.util.concurrent.TimeUnit.SECONDS).stream()
          .anyMatch(t -> t.state() == org.apache.kafka.clients.admin.TransactionState.PREPARE_COMMIT
              || t.state() == org.apache.kafka.clients.admin.TransactionState.PREPARE_ABORT
              || t.state() == org.apache.kafka.clients.admin.TransactionState.PREPARE_EPOCH_FENCE);
    } catch (Exception e) {
      return true; // cannot tell: keep waiting, up to the deadline
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

  /** Who holds the lagging partitions' transactions open: producers there, and their coordinators' view. */
  private static String openTransactions(KafkaTestBroker broker, Map<TopicPartition, Long> stable, Map<TopicPartition, Long> logEnds) {
    List<TopicPartition> lagging = stable.keySet().stream().filter(tp -> !stable.get(tp).equals(logEnds.get(tp))).toList();
    try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
      StringBuilder out = new StringBuilder("open transactions:");
      for (var entry : admin.describeProducers(lagging).all().get(10, java.util.concurrent.TimeUnit.SECONDS).entrySet()) {
        entry.getValue().activeProducers().stream()
            .filter(p -> p.currentTransactionStartOffset().isPresent())
            .forEach(p -> out.append(' ').append(entry.getKey()).append(": producer ").append(p.producerId())
                .append(" epoch ").append(p.producerEpoch()).append(" from offset ")
                .append(p.currentTransactionStartOffset().getAsLong()).append(" last seq ").append(p.lastSequence()));
      }
      for (var listing : admin.listTransactions().all().get(10, java.util.concurrent.TimeUnit.SECONDS)) {
        if (listing.state() != org.apache.kafka.clients.admin.TransactionState.COMPLETE_COMMIT
            && listing.state() != org.apache.kafka.clients.admin.TransactionState.COMPLETE_ABORT
            && listing.state() != org.apache.kafka.clients.admin.TransactionState.EMPTY) {
          out.append("; coordinator: ").append(listing.transactionalId()).append(" producer ")
              .append(listing.producerId()).append(' ').append(listing.state());
        }
      }
      return out.toString();
    } catch (Exception e) {
      return "open transactions unknown: " + e;
    }
  }

  static Headers headersOf(ConsumerRecord<byte[], byte[]> r) {
    List<Header> list = new ArrayList<>();
    for (org.apache.kafka.common.header.Header h : r.headers()) {
      list.add(Header.of(h.key(), h.value()));
    }
    return Headers.of(list);
  }
}
