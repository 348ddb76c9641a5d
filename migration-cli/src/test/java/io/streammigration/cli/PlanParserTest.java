package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.verify.Gate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a plan file's settings resolve: defaults, inheritance (stream over stage over plan), paths. */
class PlanParserTest {

  @TempDir Path tmp;

  @Test
  void theNearestSettingCountsAndDefaultsFillTheRest() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("plans"));
    Files.writeString(dir.resolve("client.properties"), "security.protocol=PLAINTEXT\n");
    Path file =
        Files.writeString(
            dir.resolve("p.plan"),
            String.join(
                "\n",
                "  # indented comments and blank lines are fine",
                "state-dir = ../state",
                "guarantee = at-least-once",
                "kafka-config = client.properties",
                "parallelism = 3",
                "",
                "[stage one]",
                "gate = exact",
                "parallelism = 1",
                "[stream a]",
                "from = file:/in/a?format=lines&rotation=a.log",
                "to=file:/out/a   # a comment after a space ends the value",
                "[stream b]",
                "from = file:/in/b",
                "to = file:/out/b",
                "guarantee = exactly-once",
                "id = b#2026",
                "max-p99 = 2s",
                "idle-timeout = 500ms",
                "rate = 1500.5",
                "[ stage  two ]",
                "[stream c] # the last one",
                "from = file:/in/c",
                "to = file:/out/c"));

    Plan plan = PlanParser.parse(file);

    assertThat(plan.stateDir()).isEqualTo(tmp.resolve("state").toAbsolutePath());
    assertThat(plan.stages()).extracting(Plan.Stage::name).containsExactly("one", "two");
    assertThat(plan.stages()).extracting(Plan.Stage::parallelism).containsExactly(1, 3);
    Plan.Stream a = plan.stages().get(0).streams().get(0);
    Plan.Stream b = plan.stages().get(0).streams().get(1);
    Plan.Stream c = plan.stages().get(1).streams().get(0);
    assertThat(a.from()).isEqualTo(URI.create("file:/in/a?format=lines&rotation=a.log"));
    assertThat(a.to()).isEqualTo(URI.create("file:/out/a"));
    assertThat(a.line()).isEqualTo(10);
    assertThat(a.fromLine()).isEqualTo(11);
    assertThat(a.id()).isEqualTo("a");
    assertThat(a.guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    assertThat(a.gates()).extracting(Gate::name).containsExactly("exact-equality"); // the stage's
    assertThat(a.kafkaConfig()).contains(dir.resolve("client.properties").toAbsolutePath());
    assertThat(a.rate()).isEmpty();
    assertThat(b.id()).isEqualTo("b#2026"); // no space before '#': part of the value
    assertThat(b.guarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(b.gates()).extracting(Gate::name).containsExactly("exact-equality", "max-p99-latency");
    assertThat(b.idleTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(b.rate()).hasValue(1500.5);
    // An at-least-once stream may hold replayed records: its default gate allows them.
    assertThat(c.gates()).extracting(Gate::name).containsExactly("equal-ignoring-duplicates");
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
  }
}
