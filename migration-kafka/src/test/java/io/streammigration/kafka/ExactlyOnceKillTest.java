package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly-once under SIGKILL: a child JVM migrates 100,000 keyed records (4 partitions) in
 * EXACTLY_ONCE mode and is killed at random moments, at least 5 times (25 under {@code -Psoak});
 * restarted each time, it finishes. A read_committed reader of the destination must then see
 * exactly the source records, partition by partition, in order: nothing lost, nothing twice.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class ExactlyOnceKillTest {

  private static final int PARTITIONS = 4;
  private static KafkaTestBroker broker;

  @Test
  void killedAndRestartedMigrationDeliversEverySourceRecordExactlyOnceInOrder() throws Exception {
    boolean soak = Boolean.getBoolean("soak");
    int records = soak ? 400_000 : 100_000;
    int minKills = soak ? 25 : 5;
    long seed = Long.getLong("kill.seed", System.nanoTime());
    Random random = new Random(seed);
    String source = TestTopics.unique("eos-source");
    String destination = TestTopics.unique("eos-destination");
    broker.createTopic(source, PARTITIONS);
    broker.createTopic(destination, PARTITIONS);
    writeSource(source, records);

    int kills = 0;
    int runs = 0;
    while (true) {
      Process child = start(source, destination, records / 8);
      runs++;
      if (kills < minKills) {
        // Startup takes about a second; kill anywhere from just after it to well into the run.
        long delay = 700 + random.nextInt(2_300);
        if (!child.waitFor(delay, TimeUnit.MILLISECONDS)) {
          child.destroyForcibly().waitFor();
          kills++;
          continue;
        }
      }
      assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("run %d finished (seed %d)", runs, seed).isTrue();
      assertThat(child.exitValue()).as("exit code of run %d (seed %d)", runs, seed).isZero();
      break;
    }
    assertThat(kills).as("kills before the migration finished (seed %d)", seed).isGreaterThanOrEqualTo(minKills);

    SortedMap<Integer, List<String>> expected = contents(source, false);
    SortedMap<Integer, List<String>> actual = contents(destination, true);
    assertThat(expected.values().stream().mapToInt(List::size).sum()).isEqualTo(records);
    for (int p = 0; p < PARTITIONS; p++) {
      assertThat(actual.get(p))
          .as("partition %d of the destination after %d kills (seed %d)", p, kills, seed)
          .isEqualTo(expected.get(p));
    }
  }

  private void writeSource(String topic, int records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(broker)) {
      for (int i = 0; i < records; i++) {
        byte[] key = ("key-" + (i % 997)).getBytes(StandardCharsets.UTF_8);
        byte[] value = i % 50 == 7 ? null : ("value-" + i).getBytes(StandardCharsets.UTF_8);
        Record r = new Record(key, value, Headers.of(Header.ofUtf8("seq", Integer.toString(i))),
            1_700_000_000_000L + i, PartitionId.of("x"), Position.of(0));
        producer.send(TestTopics.toProducerRecord(topic, Math.floorMod(i * 31 + (i % 997), PARTITIONS), r));
      }
      producer.flush();
    }
  }

  private Process start(String source, String destination, long perSecond) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            ExactlyOnceMigrationProcess.class.getName(),
            broker.bootstrapServers(), source, destination, destination + "-checkpoints",
            "eos-kill-" + destination, Long.toString(perSecond))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String headers(ConsumerRecord<byte[], byte[]> r, HexFormat hex) {
    StringBuilder b = new StringBuilder();
    for (org.apache.kafka.common.header.Header h : r.headers()) {
      b.append(h.key()).append('=').append(h.value() == null ? "null" : hex.formatHex(h.value())).append(';');
    }
    return b.toString();
  }

  /** Each partition's records as comparable strings: key, value, headers and timestamp. */
  private SortedMap<Integer, List<String>> contents(String topic, boolean readCommitted) {
    SortedMap<Integer, List<String>> out = new TreeMap<>();
    HexFormat hex = HexFormat.of();
    for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> e :
        TestTopics.readAll(broker, topic, readCommitted).entrySet()) {
      List<String> list = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : e.getValue()) {
        list.add(hex.formatHex(r.key()) + "|" + (r.value() == null ? "tombstone" : hex.formatHex(r.value()))
            + "|" + headers(r, hex) + "|" + r.timestamp());
      }
      out.put(e.getKey(), list);
    }
    return out;
  }
}
