package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consumer-group scale-out: instance A migrates alone, instance B joins the group and takes some
 * partitions (A commits and releases them; B resumes each from its committed position), then A
 * leaves and B takes everything. Exactly-once must hold across both rebalances: the destination
 * holds every source record once, in order, per partition. The graceful hand-over runs with the
 * sinks fenced by the group ({@link TransactionalKafkaSink#fencedBy}, as within one cluster), the
 * killed member without (as across clusters).
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class GroupScaleOutTest {

  private static final int PARTITIONS = 4;
  private static KafkaTestBroker broker;

  @Test
  void partitionsMovingBetweenInstancesKeepExactlyOnce() throws Exception {
    String source = TestTopics.unique("group-source");
    String destination = TestTopics.unique("group-destination");
    broker.createTopic(source, PARTITIONS);
    broker.createTopic(destination, PARTITIONS);
    List<List<Record>> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(records(p, 5_000));
    }
    TestTopics.write(broker, source, partitions);
    String migrationId = "group-" + destination;

    MigrationResult resultA;
    MigrationResult resultB;
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      Migration a = fencedInstance(source, destination, migrationId, "a");
      CompletableFuture<MigrationResult> runA = a.start(executor);
      Thread.sleep(2_000);
      Migration b = fencedInstance(source, destination, migrationId, "b");
      CompletableFuture<MigrationResult> runB = b.start(executor);
      Thread.sleep(3_000);
      assertThat(runA.isDone()).as("A still running when it leaves").isFalse();
      a.close();
      resultA = runA.get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (count(destination) < PARTITIONS * 5_000 && System.nanoTime() < deadline && !runB.isDone()) {
        Thread.sleep(500);
      }
      b.close();
      resultB = runB.get(30, TimeUnit.SECONDS);
    } finally {
      executor.shutdownNow();
    }
    assertThat(contents(destination)).isEqualTo(contents(source));
    // Both instances did part of the work, and no record was delivered by both.
    assertThat(resultA.records()).isPositive();
    assertThat(resultB.records()).isPositive();
    assertThat(resultA.records() + resultB.records()).isEqualTo(PARTITIONS * 5_000L);
  }

  @Test
  void aKilledInstancesPartitionsAreTakenOverWithExactlyOnceIntact() throws Exception {
    String source = TestTopics.unique("group-kill-source");
    String destination = TestTopics.unique("group-kill-destination");
    broker.createTopic(source, PARTITIONS);
    broker.createTopic(destination, PARTITIONS);
    List<List<Record>> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(records(p, 5_000));
    }
    TestTopics.write(broker, source, partitions);
    String migrationId = "group-kill-" + destination;

    String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process a = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            GroupInstanceProcess.class.getName(), broker.bootstrapServers(), source, destination, migrationId, "a")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Thread.sleep(4_000);
      Migration b = instance(source, destination, migrationId, "b");
      CompletableFuture<MigrationResult> runB = b.start(executor);
      Thread.sleep(3_000);
      assertThat(a.isAlive()).as("A alive until killed").isTrue();
      a.destroyForcibly().waitFor();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (count(destination) < PARTITIONS * 5_000 && System.nanoTime() < deadline && !runB.isDone()) {
        Thread.sleep(500);
      }
      b.close();
      assertThat(runB.get(30, TimeUnit.SECONDS).records()).isPositive();
    } finally {
      a.destroyForcibly();
      executor.shutdownNow();
    }
    assertThat(contents(destination)).isEqualTo(contents(source));
  }

  private Migration instance(String source, String destination, String migrationId, String name) {
    return GroupInstanceProcess.instance(broker.bootstrapServers(), source, destination, migrationId, name);
  }

  private Migration fencedInstance(String source, String destination, String migrationId, String name) {
    return GroupInstanceProcess.instance(
        broker.bootstrapServers(), source, destination, migrationId, name, true, java.util.Map.of(), s -> s);
  }

  private long count(String topic) {
    return TestTopics.readAll(broker, topic, true).values().stream().mapToLong(List::size).sum();
  }

  private List<List<String>> contents(String topic) {
    return TestTopics.committedValues(broker, topic);
  }

  private static List<Record> records(int partition, int count) {
    return TestTopics.numbered(partition, count);
  }
}
