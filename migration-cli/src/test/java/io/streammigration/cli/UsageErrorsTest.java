package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageErrorsTest {

  @TempDir Path tmp;

  private Cli.Result runFromTo(String from, String to) {
    return Cli.migrate("run", "--from", from, "--to", to);
  }

  private static void assertUsageError(Cli.Result r, String... messageParts) {
    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(messageParts).contains("Usage:");
    assertThat(r.all()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void anUnknownKafkaParameterIsNamedWithTheUri() {
    Cli.Result r =
        runFromTo(
            "kafka://broker:9092/orders?colour=red", tmp.resolve("out").toUri().toString());
    assertUsageError(
        r, "unknown parameter 'colour' in kafka://broker:9092/orders?colour=red", "known: [");
  }

  @Test
  void anUnknownSchemeNamesTheSchemeAndTheKnownOnes() {
    Cli.Result r = runFromTo("ftp://host/logs", tmp.resolve("out").toUri().toString());
    assertUsageError(r, "unknown scheme 'ftp'", "known schemes: file, kafka");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "file:/x?format=xml                  | parameter 'format' must be framed or lines",
        "file:/x?colour=blue                 | unknown parameter 'colour'",
        "file:/x?follow=maybe                | parameter 'follow' must be true or false",
        "file://somehost/x                   | not a host ('somehost')",
        "not a uri                           | is not a valid URI",
        "/no/scheme                          | has no scheme",
      })
  void malformedSourceUrisNameTheProblem(String uri, String message) {
    assertUsageError(runFromTo(uri, tmp.resolve("out").toUri().toString()), message);
  }

  @Test
  void aMissingSourceDirectoryIsNamed() {
    Path missing = tmp.resolve("nothing-here");
    assertUsageError(
        runFromTo(missing.toUri().toString(), tmp.resolve("out").toUri().toString()),
        "no such file or directory: " + missing);
  }

  @Test
  void aMissingRequiredOptionIsNamed() {
    assertUsageError(Cli.migrate("run", "--from", "file:/x"), "Missing required option", "--to");
  }

  @Test
  void atLeastOnceWithoutAStateDirIsAUsageError() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 10, 1);
    Cli.Result r =
        Cli.migrate(
            "run",
            "--from",
            Cli.logsUri(logs),
            "--to",
            tmp.resolve("out").toUri().toString(),
            "--guarantee",
            "at-least-once");
    assertUsageError(r, "--state-dir is required with --guarantee at-least-once");
  }

  @Test
  void badOptionValuesSayWhatIsAccepted() {
    assertUsageError(
        Cli.migrate("run", "--from", "file:/x", "--to", "file:/y", "--guarantee", "twice"),
        "use exactly-once or at-least-once");
    assertUsageError(
        Cli.migrate("run", "--from", "file:/x", "--to", "file:/y", "--checkpoint-every", "often"),
        "neither a record count");
    assertUsageError(
        Cli.migrate("verify", "--from", "file:/x", "--to", "file:/y", "--gate", "roughly"),
        "use exact or duplicates-allowed");
  }

  @Test
  void noCommandPrintsUsage() {
    assertUsageError(Cli.migrate(), "a command is required");
  }

  @Test
  void anUnreadableKafkaConfigIsNamedWithoutReadingIt() {
    Path missing = tmp.resolve("client.properties");
    assertUsageError(
        Cli.migrate(
            "verify", "--from", "file:/x", "--to", "file:/y", "--kafka-config", missing.toString()),
        "--kafka-config " + missing + ": no such readable file");
  }

  @Test
  void aKafkaConfigIsAcceptedButItsContentNeverEchoed() throws Exception {
    Path config = tmp.resolve("client.properties");
    Files.writeString(
        config, "sasl.jaas.config=secret-login\nssl.key.password=hunter2\n");

    Cli.Result r =
        Cli.migrate(
            "run",
            "--from",
            "kafka://broker:9092/orders?read-committed=maybe",
            "--to",
            tmp.resolve("out").toUri().toString(),
            "--kafka-config",
            config.toString());

    assertUsageError(r, "parameter 'read-committed' must be true or false");
    assertThat(r.all()).doesNotContain("secret-login", "hunter2");
  }

  @Test
  void aKafkaConfigThatWeakensTheGuaranteeIsAUsageErrorNamingTheSettingButNoSecret()
      throws Exception {
    Path config = tmp.resolve("client.properties");
    Files.writeString(config, "acks=1\nsasl.jaas.config=login password=\"s3cret\";\n");
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 10, 1);

    Cli.Result r =
        Cli.migrate(
            "run",
            "--from",
            Cli.logsUri(logs),
            "--to",
            "kafka://broker:9092/orders",
            "--kafka-config",
            config.toString());

    assertUsageError(r, "acks=1", "from --kafka-config, for kafka://broker:9092/orders");
    assertThat(r.all()).doesNotContain("s3cret");
  }
}
