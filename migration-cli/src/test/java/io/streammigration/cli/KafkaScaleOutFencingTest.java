package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.kafka.InstanceFencedException;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code migrate run} wires a scale-out source ({@code group=...&scale-out=true}) to its
 * exactly-once Kafka sink, through the adapters {@link MigrationJob#adapters} resolves for a run:
 * on one cluster the sink is fenced by the source's consumer group, so a process whose partitions
 * went to another member cannot commit what it read before; across clusters it runs unfenced and
 * says so once.
 *
 * <p>The zombie is made the way a GC pause makes one: the process reads and writes, stops polling
 * past {@code max.poll.interval.ms}, another member takes its partitions, then it commits.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaScaleOutFencingTest {

  private static final String WARNING = "Zombie fencing across clusters relies on timeouts";

  private static KafkaTestBroker broker;

  @TempDir Path tmp;

  @Test
  void onOneClusterAProcessWhosePartitionsMovedCannotCommitAndNothingOfItIsVisible()
      throws Exception {
    broker.createTopic("fence-in", 2);
    broker.createTopic("fence-out", 2);
    produce(broker, "fence-in", 2, 200);
    // The same cluster written two ways: the cluster ids decide, not the bootstrap strings.
    String from = "kafka://" + broker.bootstrapServers() + "/fence-in?group=fence&scale-out=true";
    String to =
        "kafka://localhost:"
            + broker.bootstrapServers().split(":")[1]
            + "/fence-out?checkpoint-topic=fence-cp&transactional-id=fence-a";

    Stale stale = staleCommit(from, to, "fence", "fence-in");

    assertThat(stale.log()).doesNotContain(WARNING);
    assertThat(stale.commitFailure())
        .isInstanceOf(InstanceFencedException.class)
        .hasMessageContaining("consumer group fence refused its offsets")
        .hasMessageContaining("nothing of it is visible");
    assertThat(count(broker, "fence-out")).as("committed records in the destination").isZero();
  }

  @Test
  void acrossClustersTheRunIsUnfencedAndWarnsOnceThatFencingReliesOnTimeouts() throws Exception {
    broker.createTopic("far-in", 2);
    produce(broker, "far-in", 2, 200);
    try (KafkaTestBroker other = new KafkaTestBroker().start()) {
      other.createTopic("far-out", 2);
      String from = "kafka://" + broker.bootstrapServers() + "/far-in?group=far&scale-out=true";
      String to =
          "kafka://"
              + other.bootstrapServers()
              + "/far-out?checkpoint-topic=far-cp&transactional-id=far-a";

      Stale stale = staleCommit(from, to, "far", "far-in");

      assertThat(stale.commitFailure()).as("the stale commit, unfenced").isNull();
      assertThat(count(other, "far-out")).isEqualTo(stale.written());
      String log = stale.log();
      assertThat(log.split(WARNING, -1)).as("one warning in:%n%s", log).hasSize(2);
      assertThat(log).contains("transaction.timeout.ms below session.timeout.ms");
    }
  }

  /** What a zombie's commit did, and what was logged meanwhile. */
  private record Stale(Throwable commitFailure, long written, String log) {}

  /**
   * Resolves the run's adapters as {@code migrate run} does, reads and writes some records, lets
   * another member of {@code group} take every partition of {@code topic} while this one stops
   * polling, then commits.
   */
  private Stale staleCommit(String from, String to, String group, String topic)
      throws Exception {
    Path config = tmp.resolve("client.properties");
    // The consumer leaves the group 1.5 s after its last poll (what a long pause looks like).
    Files.writeString(config, "max.poll.interval.ms=1500\n");
    MigrationJob job =
        new MigrationJob(
            group,
            URI.create(from),
            URI.create(to),
            DeliveryGuarantee.EXACTLY_ONCE,
            CheckpointTrigger.everyRecords(1_000),
            OptionalDouble.empty(),
            EndpointOptions.of(Optional.empty(), Optional.of(config), "--kafka-config"));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      MigrationJob.Adapters adapters = job.adapters(EndpointRegistry.standard());
      try (Source source = adapters.source();
          Sink sink = adapters.sink()) {
        TransactionalSink transactional = (TransactionalSink) sink;
        source.open(new NoCommits(group), Optional.empty());
        transactional.open(new Context(group));
        transactional.recover();
        List<Record> read = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (read.size() < 100 && System.nanoTime() < deadline) {
          read.addAll(source.poll(500, Duration.ofMillis(200)));
        }
        assertThat(read).as("records read within 30 s").isNotEmpty();
        transactional.write(read);

        takeEveryPartition(group, topic);

        Checkpoint.Builder checkpoint = Checkpoint.builder(1);
        read.forEach(r -> checkpoint.position(r.partition(), r.position()));
        Throwable failure = null;
        try {
          transactional.commit(checkpoint.build());
        } catch (RuntimeException e) {
          failure = e;
        }
        return new Stale(failure, read.size(), captured.toString(StandardCharsets.UTF_8));
      }
    } finally {
      System.setErr(oldErr);
    }
  }

  /** Joins {@code group} and polls until this member holds every partition of {@code topic}. */
  private static void takeEveryPartition(String group, String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> other =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      other.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (other.assignment().size() < 2) {
        assertThat(System.nanoTime())
            .as("the other member holds both partitions")
            .isLessThan(deadline);
        other.poll(Duration.ofMillis(200));
      }
    }
  }

  private record Context(String migrationId) implements SinkContext {
    @Override
    public DeliveryGuarantee guarantee() {
      return DeliveryGuarantee.EXACTLY_ONCE;
    }
  }

  /** No engine behind the source: a revocation has nothing to commit. */
  private record NoCommits(String migrationId) implements SourceContext {
    @Override
    public Optional<Checkpoint> commitAndRelease(
        Set<io.streammigration.core.record.PartitionId> released) {
      return Optional.empty();
    }
  }

  private static void produce(KafkaTestBroker to, String topic, int partitions, int records) {
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(to)) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, i % partitions, null, ("value " + i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** Records of {@code topic} a read_committed consumer sees. */
  private static long count(KafkaTestBroker on, String topic) {
    return KafkaClients.committedCount(on, topic);
  }
}
