package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A checkpoint-topic read sees every transaction that had written to the topic when the read
 * started, decided: it waits for one still open instead of reading around it. This is what lets a
 * partition's new owner resume after whatever its previous owner managed to commit.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class CheckpointTopicReadTest {

  private static KafkaTestBroker broker;

  @Test
  void aReadWaitsForAnOpenTransactionAndSeesItsRecordsOnceCommitted() throws Exception {
    assertThat(readAroundAnOpenTransaction(true)).containsExactly("before", "in-transaction");
  }

  @Test
  void aReadWaitsForAnOpenTransactionAndSkipsItsRecordsOnceAborted() throws Exception {
    assertThat(readAroundAnOpenTransaction(false)).containsExactly("before");
  }

  private List<String> readAroundAnOpenTransaction(boolean commit) throws Exception {
    String topic = TestTopics.unique("checkpoint-read");
    broker.createTopic(topic, 1);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    // "before" comes from a plain producer: what this test is about is only the one transaction
    // left open. (A commit-then-send here failed once in CI with InvalidTxnStateException; not
    // reproduced since, see TransactionCycleStressTest.)
    try (KafkaProducer<byte[], byte[]> plain = new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      plain.send(record(topic, "before")).get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers(), "transactional.id", topic),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topic, "in-transaction"));
      producer.flush();

      CompletableFuture<List<ConsumerRecord<byte[], byte[]>>> read = CompletableFuture.supplyAsync(
          () -> CheckpointTopic.read(broker.bootstrapServers(), ClientSettings.none(), topic, key -> true), reader);
      Thread.sleep(1_500);
      assertThat(read).as("read while a transaction that wrote to the topic is open").isNotDone();
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.abortTransaction();
      }
      return read.get(30, TimeUnit.SECONDS).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    } finally {
      reader.shutdownNow();
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
    return new ProducerRecord<>(topic, 0, "k".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }
}
