package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A compacted, single-partition topic holding checkpoints: created on demand, and read (partition
 * 0, without a consumer group) with read_committed, so checkpoints of aborted transactions are never
 * seen.
 */
final class CheckpointTopic {

  /**
   * How long a read waits for transactions open on the topic to end: longer than a paused
   * instance's transaction can stay open with the defaults (transaction.timeout.ms 60 s, then the
   * broker's check for timed-out transactions, every 10 s).
   */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

  private CheckpointTopic() {}

  /**
   * Creates {@code topic} compacted with one partition if it does not exist. A principal without
   * CREATE gets by if the topic was created beforehand.
   */
  static void ensureExists(Admin admin, String topic, String bootstrapServers, ClientSettings settings) {
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) -1)
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return;
      }
      if (e.getCause() instanceof TopicAuthorizationException
          || e.getCause() instanceof org.apache.kafka.common.errors.ClusterAuthorizationException) {
        // Kafka refuses creating a topic without CREATE even when it exists: look before failing.
        Boolean exists = exists(admin, topic);
        if (Boolean.TRUE.equals(exists)) {
          return;
        }
        Optional<String> principal = settings.principal();
        String who = principal.orElse("this principal");
        throw new KafkaAuthorizationException(
            "checkpoint topic " + topic + (exists == null
                ? ": " + who + " may neither create it nor describe it on " + bootstrapServers + ": create it with 1"
                    + " partition and cleanup.policy=compact and grant READ, WRITE and DESCRIBE on it, or grant"
                    + " CREATE too"
                : " does not exist and " + who + " may not create it on " + bootstrapServers + ": create it with 1"
                    + " partition and cleanup.policy=compact, or grant CREATE on it"),
            "topic", List.of(topic), principal, e.getCause());
      }
      throw new MigrationException("cannot create checkpoint topic " + topic + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new MigrationException("creating checkpoint topic " + topic + " timed out after 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted creating checkpoint topic " + topic, e);
    }
  }

  /** Whether {@code topic} exists, or null if the principal may not tell (no DESCRIBE). */
  private static Boolean exists(Admin admin, String topic) {
    try {
      admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      return null;
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted describing checkpoint topic " + topic, e);
    }
  }

  /**
   * Every committed record of the partition whose key passes {@code keyFilter}, in offset order,
   * as decided when the read starts.
   *
   * <p>"Decided" is the point: the read first notes the partition's log end, then reads with
   * read_committed until its position passes that end. A read_committed consumer cannot pass a
   * transaction that is still open, so the read waits until every transaction that had written to
   * the partition by then is committed or aborted, and sees the outcome. Reading only up to the
   * last stable offset at the start (what {@code endOffsets} returns under read_committed) would
   * miss a transaction whose commit has returned but whose marker has not reached the partition
   * yet, or one an instance paused in the middle of committing: a partition's new owner would then
   * resume from a stale position, and the old owner's commit could still land after it.
   */
  static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrapServers, ClientSettings clientSettings, String topic, Predicate<byte[]> keyFilter) {
    TopicPartition tp = new TopicPartition(topic, 0);
    long end = logEnd(bootstrapServers, clientSettings, tp);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, clientSettings, "read_committed")) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (consumer.position(tp) < end) {
        if (System.nanoTime() > deadline) {
          long stable = consumer.endOffsets(List.of(tp)).get(tp);
          throw new MigrationException(
              "reading checkpoint topic " + topic + " to offset " + end + " timed out after " + READ_TIMEOUT.toSeconds()
                  + " s" + (stable < end
                      ? ": a transaction that wrote to it at offset " + stable + " is still open (an instance paused"
                          + " while committing?); the broker aborts it at the latest after that producer's"
                          + " transaction.timeout.ms"
                      : ""));
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.offset() < end && keyFilter.test(r.key())) {
            out.add(r);
          }
        }
      }
    } catch (KafkaException e) {
      throw KafkaAuthorizationException.in(
              e, "reading checkpoint topic " + topic, topic, "READ and DESCRIBE", null, bootstrapServers, clientSettings)
          .<MigrationException>map(refused -> refused)
          .orElseGet(() -> new MigrationException("reading checkpoint topic " + topic + " failed: " + e, e));
    }
    return out;
  }

  /** The partition's log end (high watermark), open transactions included. */
  private static long logEnd(String bootstrapServers, ClientSettings clientSettings, TopicPartition tp) {
    // A consumer rather than an admin client: it waits out a topic created a moment ago.
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, clientSettings, "read_uncommitted")) {
      return consumer.endOffsets(List.of(tp)).get(tp);
    } catch (KafkaException e) {
      throw KafkaAuthorizationException.in(
              e, "reading checkpoint topic " + tp.topic(), tp.topic(), "READ and DESCRIBE", null, bootstrapServers, clientSettings)
          .<MigrationException>map(refused -> refused)
          .orElseGet(() -> new MigrationException("finding the end of checkpoint topic " + tp.topic() + " failed: " + e, e));
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrapServers, ClientSettings clientSettings, String isolationLevel) {
    Map<String, Object> settings = new HashMap<>(clientSettings.asMap());
    settings.keySet().retainAll(ConsumerConfig.configNames());
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A read to a known end gains nothing from long polls, and closing the consumer waits for the
    // fetch it sent at the end: with the default 500 ms every read took half a second more.
    settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A filter for records whose key equals {@code key}. */
  static Predicate<byte[]> keyEquals(byte[] key) {
    return k -> Arrays.equals(k, key);
  }
}
