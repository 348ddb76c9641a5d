package io.streammigration.bench.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a destination topic after a copy and says what is in it: how many records per partition,
 * whether each partition's sequence numbers rise (no reordering, no duplicate), and the broker's
 * append times of the first and last record, from which the copy's rate is measured.
 *
 * <p>Destination topics are created with {@code message.timestamp.type=LogAppendTime}, so every
 * contender, including MirrorMaker 2 in its own JVM, is timed the same way: by when the broker
 * appended its first and its last record, with nothing watching during the copy.
 */
final class DestinationCheck {

  private DestinationCheck() {}

  /** What a destination topic holds. */
  record Contents(long records, long[] perPartition, long outOfOrder, long firstAppendMillis, long lastAppendMillis) {

    /** The problems that make a copy invalid, or an empty list. */
    List<String> problems(BenchData.Filled source) {
      List<String> problems = new ArrayList<>();
      if (!Arrays.equals(perPartition, source.perPartition())) {
        problems.add("per-partition counts " + Arrays.toString(perPartition) + " differ from the source's "
            + Arrays.toString(source.perPartition()));
      }
      if (outOfOrder > 0) {
        problems.add(outOfOrder + " records out of order or duplicated");
      }
      return problems;
    }

    long spanMillis() {
      return lastAppendMillis - firstAppendMillis;
    }
  }

  /**
   * Reads every record of {@code topic} (committed ones only if {@code readCommitted}) until at
   * least {@code expected} have arrived and the end offsets, asked again, hold no more; gives up
   * waiting for missing records after {@link #QUIET} without any.
   *
   * <p>Why ask again: a transaction's commit returns once the coordinator has logged it; the
   * markers that move each partition's last stable offset follow a moment later, so a
   * read_committed reader that takes the end offsets right after the commit can stop short.
   */
  static Contents read(String bootstrap, String topic, int partitions, boolean readCommitted, long expected) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("enable.auto.commit", false);
    settings.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
    settings.put("max.partition.fetch.bytes", 8 << 20);
    settings.put("fetch.max.bytes", 64 << 20);
    settings.put("max.poll.records", 10_000);
    long[] perPartition = new long[partitions];
    long[] lastSequence = new long[partitions];
    Arrays.fill(lastSequence, -1);
    long outOfOrder = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long total = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        assigned.add(new TopicPartition(topic, p));
      }
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      // With read_committed these are the last stable offsets: what a committed reader can see.
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      long lastProgress = System.nanoTime();
      while (true) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " took more than 5 minutes");
        }
        if (reachedEnds(consumer, ends)) {
          Map<TopicPartition, Long> now = consumer.endOffsets(assigned);
          boolean settled = now.equals(ends);
          ends = now;
          if (settled && (total >= expected || System.nanoTime() - lastProgress > QUIET.toNanos())) {
            break;
          }
          if (settled) {
            sleep(20);
          }
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          int p = r.partition();
          perPartition[p]++;
          total++;
          long sequence = BenchData.sequence(r.value());
          if (sequence <= lastSequence[p]) {
            outOfOrder++;
          }
          lastSequence[p] = sequence;
          first = Math.min(first, r.timestamp());
          last = Math.max(last, r.timestamp());
          lastProgress = System.nanoTime();
        }
      }
    }
    return new Contents(total, perPartition, outOfOrder, first, last);
  }

  /** How long to wait for records still missing once the end offsets stop moving. */
  private static final Duration QUIET = Duration.ofSeconds(10);

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
