package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate verify} of Kafka sources that a run did not read from the start, on the shared
 * in-JVM broker: a {@code start=<time>} URI reads the same records in verify as in the run; a run
 * that resumed after a checkpoint verifies after it; {@code start=latest} is refused without a
 * start checkpoint. Topics and ids here start with {@code range-}.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class KafkaVerifyRangeTest {

  private static KafkaTestBroker broker;

  @TempDir Path tmp;

  private String kafka(String topic) {
    return "kafka://" + broker.bootstrapServers() + "/" + topic;
  }

  @Test
  void aRunFromAStartTimeVerifiesWithTheSameUriAndNotWithoutTheTime() throws Exception {
    broker.createTopic("range-clicks", 2);
    broker.createTopic("range-clicks-copy", 2);
    long startAt = Instant.parse("2025-06-02T00:00:00Z").toEpochMilli();
    produceAt("range-clicks", startAt - 3_600_000, 60); // the hour before: left out
    produceAt("range-clicks", startAt, 40);
    String from = kafka("range-clicks") + "?start=2025-06-02T00:00:00Z";
    String to = kafka("range-clicks-copy");

    Cli.Result run = Cli.migrate("run", "--from", from, "--to", to, "--id", "range-clicks");
    Cli.Result verify = Cli.migrate("verify", "--from", from, "--to", to);
    Cli.Result fromTheBeginning =
        Cli.migrate("verify", "--from", kafka("range-clicks"), "--to", to);

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("finished at end of input: 40 records");
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out())
        .contains("Verification PASSED: source 40 records", "range the whole source");
    // The time is what makes it pass: read from the beginning, the older records are missing.
    assertThat(fromTheBeginning.code())
        .as(fromTheBeginning.all())
        .isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(fromTheBeginning.out()).contains("source 100 records", "missing 30");
  }

  @Test
  void startLatestIsRefusedWithHowToVerifySuchARun() {
    broker.createTopic("range-live", 1);

    Cli.Result r =
        Cli.migrate(
            "verify", "--from", kafka("range-live") + "?start=latest", "--to",
            kafka("range-live-copy"));

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains(
            "start=latest names no fixed records at verify time",
            "--after-checkpoint <id>",
            "start=2026-01-01T00:00:00Z");
    assertThat(r.all()).doesNotContain("Verification", "\tat ");
  }

  @Test
  void aRunThatResumedAfterACheckpointVerifiesAfterItAlsoWithStartLatest() throws Exception {
    broker.createTopic("range-events", 1);
    broker.createTopic("range-events-early", 1);
    broker.createTopic("range-events-late", 1);
    produce("range-events", 0, 300);
    Path state = tmp.resolve("state");
    // The first run's checkpoints are where a later run picks up.
    Cli.Result first = atLeastOnce("range-events-early", state);
    assertThat(first.code()).as(first.all()).isEqualTo(ExitCode.OK);
    long last = newestCheckpoint(state);
    produce("range-events", 300, 200);
    // The later run writes another destination: it holds only what came after checkpoint 'last'.
    Cli.Result later = atLeastOnce("range-events-late", state);
    assertThat(later.code()).as(later.all()).isEqualTo(ExitCode.OK);
    assertThat(later.out()).contains("200 records", "resumed from #" + last);
    long end = newestCheckpoint(state);

    Cli.Result whole =
        Cli.migrate("verify", "--from", kafka("range-events"), "--to", kafka("range-events-late"));
    Cli.Result after =
        Cli.migrate(
            "verify", "--from", kafka("range-events"), "--to", kafka("range-events-late"),
            "--state-dir", state.toString(), "--after-checkpoint", Long.toString(last),
            "--up-to-checkpoint", Long.toString(end));
    // start=latest is fine with a start checkpoint: it names where every partition starts here.
    Cli.Result latest =
        Cli.migrate(
            "verify", "--from", kafka("range-events") + "?start=latest", "--to",
            kafka("range-events-late"), "--state-dir", state.toString(), "--after-checkpoint",
            Long.toString(last));

    assertThat(whole.code()).as(whole.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(after.code()).as(after.all()).isEqualTo(ExitCode.OK);
    assertThat(after.out())
        .contains(
            "source 200 records (RANGE_END)",
            "range after checkpoint " + last + " (",
            "up to checkpoint " + end + " (");
    assertThat(latest.code()).as(latest.all()).isEqualTo(ExitCode.OK);
    assertThat(latest.out()).contains("partitions it does not name: none, start=latest");
  }

  private Cli.Result atLeastOnce(String destination, Path state) {
    return Cli.migrate(
        "run", "--from", kafka("range-events"), "--to", kafka(destination), "--id", "range-events",
        "--guarantee", "at-least-once", "--state-dir", state.toString(), "--checkpoint-every",
        "100");
  }

  private static long newestCheckpoint(Path state) {
    Cli.Result list = Cli.migrate("checkpoints", "list", "--state-dir", state.toString());
    assertThat(list.code()).as(list.all()).isZero();
    return Long.parseLong(list.out().strip().split("\n")[0].strip().split("\\s+")[0]);
  }

  /** Records {@code first} to {@code first + count - 1} into partition 0. */
  private static void produce(String topic, int first, int count) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = first; i < first + count; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, 0, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                ("event " + i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /**
   * {@code records} records alternating between partitions 0 and 1, timestamps a millisecond apart
   * from {@code firstTimestamp}.
   */
  private static void produceAt(String topic, long firstTimestamp, int records) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < records; i++) {
        byte[] value = ("at " + (firstTimestamp + i)).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, i % 2, firstTimestamp + i, null, value));
      }
      producer.flush();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return KafkaClients.producer(broker);
  }
}
