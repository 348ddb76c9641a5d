package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate run} and {@code migrate verify} with {@code kafka:} endpoints on a real in-JVM
 * broker (one for the class): Kafka to Kafka exactly-once, two topics renamed one to one, a start
 * time, files to Kafka, and secrets from {@code --kafka-config} staying out of every output when
 * the broker cannot be reached. Scale-out runs two processes: {@code KafkaScaleOutIT}.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaRunAndVerifyTest {

  private static KafkaTestBroker broker;

  @TempDir Path tmp;

  private String kafka(String topic) {
    return "kafka://" + broker.bootstrapServers() + "/" + topic;
  }

  @Test
  void kafkaToKafkaExactlyOnceRunsToTheEndAndVerifies() throws Exception {
    broker.createTopic("orders", 3);
    broker.createTopic("orders-copy", 3);
    produce("orders", 3, 3_000);

    Cli.Result run =
        Cli.migrate(
            "run",
            "--from",
            kafka("orders"),
            "--to",
            kafka("orders-copy") + "?checkpoint-topic=cli-checkpoints",
            "--checkpoint-every",
            "500");
    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("finished at end of input", "3,000 records");

    Cli.Result verify =
        Cli.migrate(
            "verify",
            "--from",
            kafka("orders"),
            "--to",
            kafka("orders-copy") + "?checkpoint-topic=cli-checkpoints");
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out()).contains("PASSED");

    // A second run resumes from the committed checkpoint: nothing is copied twice.
    Cli.Result again =
        Cli.migrate(
            "run",
            "--from",
            kafka("orders"),
            "--to",
            kafka("orders-copy") + "?checkpoint-topic=cli-checkpoints");
    assertThat(again.code()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("0 records", "resumed from");
    assertThat(Cli.migrate("verify", "--from", kafka("orders"), "--to", kafka("orders-copy")).code())
        .isEqualTo(ExitCode.OK);
  }

  @Test
  void twoTopicsRenamedOneToOneRunAndVerify() throws Exception {
    broker.createTopic("shop-orders", 2);
    broker.createTopic("shop-refunds", 1);
    broker.createTopic("shop-orders-v2", 2);
    broker.createTopic("shop-refunds-v2", 1);
    produce("shop-orders", 2, 600);
    produce("shop-refunds", 1, 150);
    String from = kafka("shop-orders,shop-refunds");
    String to =
        kafka("?rename=shop-orders:shop-orders-v2,shop-refunds:shop-refunds-v2")
            + "&checkpoint-topic=cli-checkpoints";

    Cli.Result run = Cli.migrate("run", "--from", from, "--to", to, "--id", "shop");
    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("finished at end of input", "750 records");

    Cli.Result verify = Cli.migrate("verify", "--from", from, "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out())
        .contains("PASSED", "shop-orders-1: source 300", "shop-refunds-0: source 150");
    Cli.Result copies = Cli.migrate("assess", "--from", kafka("shop-refunds-v2"), "--json");
    assertThat(copies.out()).contains("\"records\":150");
  }

  @Test
  void aStartTimeLeavesOutOlderRecords() throws Exception {
    broker.createTopic("clicks", 1);
    long startAt = Instant.parse("2025-06-02T00:00:00Z").toEpochMilli();
    produceAt("clicks", startAt - 3_600_000, 100); // the hour before: left out
    produceAt("clicks", startAt, 40);
    String to = tmp.resolve("clicks").toUri().toString();

    Cli.Result run =
        Cli.migrate(
            "run", "--from", kafka("clicks") + "?start=2025-06-02T00:00:00Z", "--to", to);

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("finished at end of input: 40 records");
  }

  @Test
  void kafkaToKafkaAtLeastOnceKeepsCheckpointsInTheStateDirAndAssessCountsTheTopic()
      throws Exception {
    broker.createTopic("events", 2);
    broker.createTopic("events-copy", 2);
    produce("events", 2, 1_000);
    Path state = tmp.resolve("state");

    Cli.Result run =
        Cli.migrate(
            "run",
            "--from",
            kafka("events"),
            "--to",
            kafka("events-copy"),
            "--guarantee",
            "at-least-once",
            "--state-dir",
            state.toString());
    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("finished at end of input", "1,000 records");
    assertThat(Cli.migrate("checkpoints", "list", "--state-dir", state.toString()).code())
        .isEqualTo(ExitCode.OK);

    Cli.Result verify =
        Cli.migrate(
            "verify", "--from", kafka("events"), "--to", kafka("events-copy"),
            "--gate", "duplicates-allowed");
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);

    Cli.Result assess =
        Cli.migrate("assess", "--from", kafka("events"), "--sample", "100ms", "--json");
    assertThat(assess.code()).as(assess.all()).isEqualTo(ExitCode.OK);
    assertThat(assess.out()).contains("\"records\":1000");
  }

  @Test
  void filesToKafkaRunAndVerify() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 2_000, 2);
    broker.createTopic("app-logs", 2);
    String to = kafka("app-logs") + "?partitioning=by-source-partition";

    Cli.Result run = Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", to);
    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("finished at end of input", "2,000 records");

    Cli.Result verify = Cli.migrate("verify", "--from", Cli.logsUri(logs), "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out()).contains("PASSED");
  }

  @Test
  void aSecretInTheKafkaConfigIsNeverPrintedWhenTheBrokerCannotBeReached() throws Exception {
    Path config = tmp.resolve("client.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=PLAIN",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"migrator\" password=\"s3cret\";",
            // Fail fast: nothing listens on port 1.
            "default.api.timeout.ms=1500",
            "request.timeout.ms=1000",
            "socket.connection.setup.timeout.ms=200",
            "socket.connection.setup.timeout.max.ms=500",
            ""));
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 10, 1);

    // Library and client logs go to stderr: capture the process's streams too.
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    Cli.Result run;
    Cli.Result verify;
    try {
      run =
          Cli.migrate(
              "run",
              "--from",
              "kafka://127.0.0.1:1/orders",
              "--to",
              tmp.resolve("out").toUri().toString(),
              "--kafka-config",
              config.toString());
      verify =
          Cli.migrate(
              "verify",
              "--from",
              Cli.logsUri(logs),
              "--to",
              "kafka://127.0.0.1:1/orders",
              "--kafka-config",
              config.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    String everything = run.all() + verify.all() + captured.toString(StandardCharsets.UTF_8);

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.FAILED);
    assertThat(verify.code()).as(verify.all()).isNotEqualTo(ExitCode.OK);
    assertThat(everything).doesNotContain("s3cret").doesNotContain("\tat ");
  }

  /** {@code records} records with timestamps from {@code firstTimestamp}, a millisecond apart. */
  private static void produceAt(String topic, long firstTimestamp, int records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(broker)) {
      for (int i = 0; i < records; i++) {
        byte[] value = ("at " + (firstTimestamp + i)).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, 0, firstTimestamp + i, null, value));
      }
      producer.flush();
    }
  }

  private static void produce(String topic, int partitions, int records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.producer(broker, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                topic,
                i % partitions,
                ("key-" + i).getBytes(StandardCharsets.UTF_8),
                ("value " + i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }
}
