package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate plan} with a Kafka to Kafka stream beside a file stream, on the shared in-JVM
 * broker: the stage runs and verifies both, and a Kafka stream's failed gate stops the plan before
 * the next stage. Topics and stream ids here start with {@code plan-}.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaPlanTest {

  private static KafkaTestBroker broker;

  @TempDir Path tmp;

  private String kafka(String topic) {
    return "kafka://" + broker.bootstrapServers() + "/" + topic;
  }

  private String logs(String name, int lines) throws Exception {
    Path dir = tmp.resolve(name);
    Cli.writeLogs(dir, lines, 2);
    return Cli.logsUri(dir);
  }

  private Path plan(String... lines) throws Exception {
    return Files.writeString(tmp.resolve("cutover.plan"), String.join("\n", lines) + "\n");
  }

  @Test
  void aStageWithAKafkaStreamAndAFileStreamRunsAndVerifiesBoth() throws Exception {
    broker.createTopic("plan-orders", 2);
    broker.createTopic("plan-orders-copy", 2);
    produce("plan-orders", 2, 300);
    Path plan =
        plan(
            "state-dir = state",
            "checkpoint-every = 100",
            "[stage canary]",
            "[stream plan-orders]",
            "from = " + kafka("plan-orders"),
            "to = " + kafka("plan-orders-copy"),
            "[stream plan-audit]",
            "from = " + logs("audit-logs", 200),
            "to = " + tmp.resolve("audit-out").toUri(),
            "[stage critical]",
            "[stream plan-billing]",
            "from = " + logs("billing-logs", 100),
            "to = " + tmp.resolve("billing-out").toUri());

    Cli.Result r = Cli.migrate("plan", plan.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .contains(
            "[canary/plan-orders] plan-orders finished at end of input: 300 records",
            "[canary/plan-audit] Verification PASSED",
            "stage 1/2 'canary' passed",
            "[critical/plan-billing] Verification PASSED",
            "plan passed: 3 streams in 2 stages");
    assertThat(r.out())
        .containsPattern("\\[canary/plan-orders] Verification PASSED: source 300 records");
    // The copy verifies on its own too.
    Cli.Result verify =
        Cli.migrate("verify", "--from", kafka("plan-orders"), "--to", kafka("plan-orders-copy"));
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
  }

  @Test
  void aKafkaStreamsFailedGateStopsThePlanBeforeTheNextStage() throws Exception {
    broker.createTopic("plan-payments", 1);
    broker.createTopic("plan-payments-copy", 1);
    produce("plan-payments", 1, 100);
    // Something else wrote to the destination first: the exact gate finds an unexpected record.
    produce("plan-payments-copy", 1, 1);
    Path plan =
        plan(
            "state-dir = state",
            "[stage canary]",
            "[stream plan-payments]",
            "from = " + kafka("plan-payments"),
            "to = " + kafka("plan-payments-copy"),
            "[stage critical]",
            "[stream plan-ledger]",
            "from = " + logs("ledger-logs", 100),
            "to = " + tmp.resolve("ledger-out").toUri());

    Cli.Result r = Cli.migrate("plan", plan.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(r.out())
        .contains(
            "[canary/plan-payments] Verification FAILED",
            "stage 1/2 'canary' FAILED",
            "plan FAILED in stage 1/2 'canary'");
    assertThat(r.out()).doesNotContain("[critical/plan-ledger] run");
    assertThat(tmp.resolve("ledger-out")).doesNotExist();
  }

  private static void produce(String topic, int partitions, int records) {
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(broker)) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, i % partitions, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                (topic + " " + i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }
}
