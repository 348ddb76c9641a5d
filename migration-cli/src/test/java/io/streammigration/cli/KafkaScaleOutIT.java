package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code java -jar migrate.jar run} processes in one consumer group ({@code
 * group=...&scale-out=true}) share a topic's partitions: both copy records, SIGTERM stops each
 * with a final commit, and the destination verifies exactly (nothing lost or copied twice across
 * the rebalance). Source and destination are one cluster, so each process's sink is fenced by the
 * group ({@code KafkaScaleOutFencingTest} shows what that refuses).
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaScaleOutIT {

  private static final Pattern COMMITTED = Pattern.compile("([\\d,]+) records committed");

  private static KafkaTestBroker broker;
  private static Path jar;

  @TempDir Path tmp;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("migrate.jar", "target/migrate.jar"));
    assertThat(jar).as("built by mvn package").exists();
  }

  @Test
  void twoProcessesInOneGroupShareThePartitionsAndTheResultVerifiesExactly() throws Exception {
    broker.createTopic("scale-in", 4);
    broker.createTopic("scale-out", 4);
    String from =
        "kafka://" + broker.bootstrapServers() + "/scale-in?group=scale-test&scale-out=true";
    String to = "kafka://" + broker.bootstrapServers() + "/scale-out?checkpoint-topic=scale-cp";

    Process a = start(tmp.resolve("a.out"), from, to + "&transactional-id=scale-a");
    Process b = null;
    int produced = 0;
    try {
      produced += produce(400);
      waitFor(() -> committed(tmp.resolve("a.out")) > 0, a, "process a copies records");
      b = start(tmp.resolve("b.out"), from, to + "&transactional-id=scale-b");
      Process bb = b;
      // Records keep coming until b, once the group gave it partitions, has copied some too.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (committed(tmp.resolve("b.out")) == 0 && System.nanoTime() < deadline && bb.isAlive()) {
        produced += produce(100);
        Thread.sleep(300);
      }
      int total = produced;
      waitFor(() -> count("scale-out") >= total, a, "the destination holds every record");

      a.destroy(); // SIGTERM: final checkpoint, then the process leaves the group
      b.destroy();
      assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      a.destroyForcibly();
      if (b != null) {
        b.destroyForcibly();
      }
    }
    String outA = Files.readString(tmp.resolve("a.out"));
    String outB = Files.readString(tmp.resolve("b.out"));
    assertThat(a.exitValue()).as(outA).isEqualTo(143);
    assertThat(b.exitValue()).as(outB).isEqualTo(143);
    assertThat(committed(tmp.resolve("a.out"))).as(outA).isPositive();
    assertThat(committed(tmp.resolve("b.out"))).as(outB).isPositive();
    // One cluster: each process is fenced by the group, so neither warns that it is not.
    assertThat(outA + outB).doesNotContain("relies on timeouts");

    // The same source URI, read only, reads the topic directly and bounded.
    Cli.Result verify = Cli.migrate("verify", "--from", from, "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out()).contains("source " + produced + " records", "identical");
  }

  private Process start(Path out, String from, String to) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-jar", jar.toString(), "run", "--from", from, "--to", to, "--id", "scale-test",
            "--checkpoint-every", "200ms", "--progress-every", "200ms"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  /** The highest "N records committed" a process has reported. */
  private static long committed(Path out) throws IOException {
    if (!Files.exists(out)) {
      return 0;
    }
    long max = 0;
    Matcher m = COMMITTED.matcher(Files.readString(out));
    while (m.find()) {
      max = Math.max(max, Long.parseLong(m.group(1).replace(",", "")));
    }
    return max;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition, Process p, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (condition.holds()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  private static int produce(int records) {
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(broker)) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                "scale-in", i % 4, null, ("record " + System.nanoTime()).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
    return records;
  }

  /** Records in {@code topic} a read_committed consumer sees. */
  private static long count(String topic) {
    return KafkaClients.committedCount(broker, topic);
  }
}
