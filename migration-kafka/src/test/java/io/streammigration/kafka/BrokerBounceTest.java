package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker stops in the middle of an exactly-once migration and comes back a few seconds later.
 * The migration either rides it out or fails with a typed error; run again, it finishes, and the
 * destination holds every source record once, in order.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class BrokerBounceTest {

  private static KafkaTestBroker broker;

  @Test
  void aBrokerBouncedMidMigrationLosesAndDuplicatesNothing() throws Exception {
    String source = TestTopics.unique("bounce-source");
    String destination = TestTopics.unique("bounce-destination");
    broker.createTopic(source, 2);
    broker.createTopic(destination, 2);
    List<List<Record>> partitions = List.of(records(0, 10_000), records(1, 10_000));
    TestTopics.write(broker, source, partitions);

    List<Throwable> failures = new ArrayList<>();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Migration first = migration(source, destination);
      CompletableFuture<MigrationResult> run = first.start(executor);
      Thread.sleep(1_500);
      assertThat(run.isDone()).as("migration still running when the broker stops").isFalse();
      broker.stop();
      Thread.sleep(2_000);
      broker.start();
      try {
        run.get(120, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(MigrationException.class);
        failures.add(e.getCause());
      } finally {
        first.close();
      }
      for (int attempt = 0; attempt < 3 && !complete(source, destination); attempt++) {
        try (Migration again = migration(source, destination)) {
          again.run();
        } catch (MigrationException e) {
          failures.add(e);
        }
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(contents(destination)).as("destination after the bounce; failures: %s", failures).isEqualTo(contents(source));
  }

  private Migration migration(String source, String destination) {
    return ExactlyOnceMigrationProcess.migration(
        broker.bootstrapServers(), source, destination, destination + "-checkpoints", "bounce-" + destination, 5_000,
        // Short timeouts so a request stuck on the stopped broker is given up and retried quickly.
        Map.of("request.timeout.ms", 3_000, "default.api.timeout.ms", 10_000, "delivery.timeout.ms", 30_000,
            "max.block.ms", 30_000, "reconnect.backoff.max.ms", 500));
  }

  private boolean complete(String source, String destination) {
    return contents(destination).equals(contents(source));
  }

  private List<List<String>> contents(String topic) {
    List<List<String>> out = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> list : TestTopics.readAll(broker, topic, true).values()) {
      out.add(list.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
    }
    return out;
  }

  private static List<Record> records(int partition, int count) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Record(("k" + i % 100).getBytes(StandardCharsets.UTF_8),
          ("p" + partition + "-" + i).getBytes(StandardCharsets.UTF_8), Headers.EMPTY, 1_700_000_000_000L + i,
          PartitionId.of("x"), Position.of(i)));
    }
    return out;
  }
}
