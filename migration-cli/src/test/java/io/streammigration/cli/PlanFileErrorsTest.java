package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake in a plan file is a usage error (exit 2) with one message naming the file, the
 * line, the stage or stream and the key, no stack trace, and nothing started.
 */
class PlanFileErrorsTest {

  @TempDir Path tmp;
  private String source;

  @BeforeEach
  void logs() throws Exception {
    Cli.writeLogs(tmp.resolve("logs"), 10, 1);
    source = Cli.logsUri(tmp.resolve("logs"));
  }

  /** Plan texts ({@code SRC} and {@code OUT} stand for a real source and a destination) and the message. */
  static Stream<Arguments> mistakes() {
    String head = "state-dir = state\n[stage canary]\n[stream a]\n";
    String ok = head + "from = SRC\nto = OUT\n";
    return Stream.of(
        Arguments.of(head + "form = SRC\nto = OUT", ":4: stream 'a': unknown key 'form'; known here: checkpoint-every, from, gate,"),
        Arguments.of(head + "to = OUT", ":3: stream 'a': 'from' is required"),
        Arguments.of(head + "from = SRC", ":3: stream 'a': 'to' is required"),
        Arguments.of(ok + "[stream a]\nfrom = SRC\nto = OUT2", ":6: stream 'a' is defined twice (first on line 3)"),
        Arguments.of(ok + "[stage canary]\n[stream b]", ":6: stage 'canary' is defined twice (first on line 2)"),
        Arguments.of(ok + "from = SRC", ":6: stream 'a': 'from' is set twice (first on line 4)"),
        Arguments.of(head + "from = not a uri\nto = OUT", ":4: stream 'a': from: 'not a uri' is not a valid URI"),
        Arguments.of(head + "from = SRC\nto = ftp://host/x", ":5: stream 'a': unknown scheme 'ftp'"),
        Arguments.of(head + "from = SRC\nto = OUT?colour=red", ":5: stream 'a': unknown parameter 'colour'"),
        Arguments.of(head + "from = SRC&follow=true\nto = OUT", ":4: stream 'a': 'from' reads without end"),
        Arguments.of(head + "from = file:/no/such/dir\nto = OUT", ":4: stream 'a': no such file or directory: /no/such/dir"),
        Arguments.of(ok + "[stream b]\nfrom = SRC\nto = OUT", ":8: stream 'b': 'to' is also the destination of stream 'a' (line 5); two streams cannot write one (both write file:"),
        // Spelt otherwise: an empty authority, a detour through '..', a trailing slash.
        Arguments.of(ok + "[stream b]\nfrom = SRC\nto = ALIAS", ":8: stream 'b': 'to' is also the destination of stream 'a' (line 5)"),
        Arguments.of(head + "from = SRC\nto = kafka://Broker-1:9092,broker-2:9092/orders?partitioning=by-key\n[stream b]\nfrom = SRC\n"
            + "to = kafka://broker-2:9092,BROKER-1:9092/orders?transactional-id=b&partitioning=by-key",
            ":8: stream 'b': 'to' is also the destination of stream 'a' (line 5); two streams cannot write one (both write kafka://broker-1:9092/orders)"),
        Arguments.of(head + "from = kafka://h:9092/orders\nto = kafka://h:9092/orders-v2\n[stream b]\nfrom = kafka://h:9092/orders,refunds\n"
            + "to = kafka://H:9092/?rename=orders:orders-v3,refunds:orders-v2",
            ":8: stream 'b': 'to' is also the destination of stream 'a' (line 5); two streams cannot write one (both write kafka://h:9092/orders-v2)"),
        Arguments.of(head + "from = kafka://127.0.0.1:9/orders?follow=true\nto = OUT",
            ":4: stream 'a': 'from' reads without end (kafka://127.0.0.1:9/orders?follow=true); a plan runs bounded sources only"),
        Arguments.of(head + "from = kafka://127.0.0.1:9/orders?group=g&scale-out=true\nto = kafka://127.0.0.1:9/copy?transactional-id=t",
            ":4: stream 'a': 'from' reads without end (kafka://127.0.0.1:9/orders?group=g&scale-out=true)"),
        Arguments.of(head + "from = kafka://127.0.0.1:9/orders?start=latest\nto = OUT",
            ":4: stream 'a': 'from' starts at start=latest (kafka://127.0.0.1:9/orders?start=latest), a point that moves with time"),
        Arguments.of(ok + "id = shared\n[stream b]\nfrom = SRC\nto = OUT2\nid = shared", ":7: stream 'b': id 'shared' is also the id of stream 'a'"),
        Arguments.of(ok + "guarantee = twice", ":6: stream 'a': 'guarantee': 'twice' is not a guarantee"),
        Arguments.of("state-dir = state\n[stage canary]\ngate = roughly\n[stream a]\nfrom = SRC\nto = OUT", ":3: stage 'canary': 'gate': 'roughly' is not a gate"),
        Arguments.of(ok + "rate = 0", ":6: stream 'a': 'rate' must be a positive number, was '0'"),
        Arguments.of("state-dir = state\nparallelism = many\n" + ok.substring(18), ":2: 'parallelism' must be a positive whole number, was 'many'"),
        Arguments.of(ok + "max-p99 = soon", ":6: stream 'a': 'max-p99': 'soon' is not a duration"),
        Arguments.of(ok + "kafka-config = missing.properties", ":6: stream 'a': 'kafka-config': "),
        Arguments.of(ok + "state-dir = other", ":6: stream 'a': 'state-dir' belongs before the first section"),
        Arguments.of("from = SRC\n" + ok, ":1: 'from' belongs in a [stream <name>] section"),
        Arguments.of("state-dir = state\n[stream a]\nfrom = SRC\nto = OUT", ":2: stream 'a' comes before any [stage <name>]"),
        Arguments.of(ok + "[stage empty]", ":6: stage 'empty' has no [stream <name>]"),
        Arguments.of(ok + "[steps x]", ":6: unknown section [steps ...]; use [stage <name>] or [stream <name>]"),
        Arguments.of(ok + "[stream two words]", ":6: expected [stage <name>] or [stream <name>], found '[stream two words]'"),
        Arguments.of(ok + "[stream a/b]", ":6: stream name 'a/b' may hold only letters, digits"),
        Arguments.of(ok + "just words", ":6: expected [stage <name>], [stream <name>], key = value or a # comment"),
        Arguments.of(ok + "rate =", ":6: stream 'a': 'rate' has no value"),
        Arguments.of(ok.substring(18), ": 'state-dir' is required before the first section"),
        Arguments.of("state-dir = state\n# nothing else", ": no stages: a plan needs at least one [stage <name>]"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void aMistakeIsAUsageErrorNamingTheLineAndTheKey(String text, String message) throws Exception {
    Path plan = tmp.resolve("bad.plan");
    Files.writeString(
        plan,
        text.replace("SRC", source)
            .replace("ALIAS", "file://" + tmp.toAbsolutePath() + "/state/../out/")
            .replace("OUT2", tmp.resolve("out2").toUri().toString())
            .replace("OUT", tmp.resolve("out").toUri().toString()));

    Cli.Result r = Cli.migrate("plan", plan.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("migrate plan: " + plan.toAbsolutePath())
        .contains(plan.toAbsolutePath() + message)
        .contains("The plan file format: migrate plan --help");
    assertThat(r.all()).doesNotContain("Exception", "\tat ");
    assertThat(tmp.resolve("state")).doesNotExist();
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aMissingPlanFileIsNamed() {
    Path missing = tmp.resolve("none.plan");
    Cli.Result r = Cli.migrate("plan", missing.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(missing.toAbsolutePath() + ": no such plan file");
  }

  @Test
  void aPlanThatIsNotUtf8IsNamed() throws Exception {
    Path plan = Files.write(tmp.resolve("latin1.plan"), new byte[] {'s', '=', (byte) 0xE9, '\n'});
    Cli.Result r = Cli.migrate("plan", plan.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(plan.toAbsolutePath() + ": not UTF-8 text");
  }
}
