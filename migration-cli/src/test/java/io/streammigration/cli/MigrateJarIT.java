package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.file.CommitManifest;
import io.streammigration.file.CommittedSegments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code target/migrate.jar} as operators do, with {@code java -jar}: the jar is
 * built by {@code package}, so this runs in failsafe's integration-test phase.
 */
class MigrateJarIT {

  private static Path jar;

  @TempDir Path tmp;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("migrate.jar", "target/migrate.jar"));
    assertThat(jar).as("built by mvn package").exists();
  }

  @Test
  void theReadmeDemoPassesAndExitsZero() throws Exception {
    Run demo = java(tmp.resolve("demo.out"), "demo", "--records", "6000", "--files", "3");
    assertThat(demo.code).as(demo.output).isEqualTo(ExitCode.OK);
    assertThat(demo.output).contains("with SIGKILL after", "Verification PASSED", "demo passed");
  }

  @Test
  void aBadKafkaUriExitsWithTheUsageCodeAndNoStackTrace() throws Exception {
    Run run =
        java(
            tmp.resolve("kafka.out"),
            "run",
            "--from",
            "kafka://broker:9092/orders?start=middle",
            "--to",
            tmp.resolve("out").toUri().toString());
    assertThat(run.code).as(run.output).isEqualTo(ExitCode.USAGE);
    assertThat(run.output)
        .contains("parameter 'start' must be earliest, latest, a time", "Usage:")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void theJarCarriesTheKafkaClient() throws Exception {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      assertThat(zip.getEntry("org/apache/kafka/clients/consumer/KafkaConsumer.class")).isNotNull();
      assertThat(zip.getEntry("io/streammigration/kafka/KafkaSource.class")).isNotNull();
    }
  }

  @Test
  void sigtermStopsAFollowingMigrationWithAFinalCheckpointAndARerunCompletesIt() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 2_000, 2);
    Path archive = tmp.resolve("archive");
    // An hour between checkpoints: whatever is committed at the end, the stop committed.
    Process p =
        start(
            tmp.resolve("run.out"),
            "run",
            "--from",
            Cli.logsUri(logs) + "&follow=true",
            "--to",
            archive.toUri().toString(),
            "--checkpoint-every",
            "1h",
            "--progress-every",
            "100ms");
    waitForProgress(tmp.resolve("run.out"), p);

    p.destroy(); // SIGTERM: the shutdown hook closes the migration gracefully
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String output = Files.readString(tmp.resolve("run.out"));
    assertThat(p.exitValue()).as(output).isEqualTo(143);
    assertThat(output).contains("migrate stopped:", "last checkpoint #1");
    assertThat(committed(archive)).as(output).isPositive();
    Run rest =
        java(
            tmp.resolve("rest.out"),
            "run",
            "--from",
            Cli.logsUri(logs),
            "--to",
            archive.toUri().toString());
    assertThat(rest.code).as(rest.output).isZero();
    Run verify =
        java(
            tmp.resolve("verify.out"),
            "verify",
            "--from",
            Cli.logsUri(logs),
            "--to",
            archive.toUri().toString());
    assertThat(verify.code).as(verify.output).isZero();
    assertThat(verify.output).contains("source 2000 records", "destination 2000 records");
  }

  @Test
  void sigtermEndsAFollowingVerificationWithItsReportAndTheGatesExitCode() throws Exception {
    Path log = tmp.resolve("app.log");
    Path archive = Files.createDirectories(tmp.resolve("archive"));
    Files.write(log, List.of("a", "b", "c", "d"));
    Files.write(archive.resolve("segment-0.log"), List.of("a", "c", "d")); // b is missing
    Path out = tmp.resolve("follow.out");
    Process p =
        start(
            out,
            "verify",
            "--follow",
            "--from",
            log.toUri() + "?format=lines&follow=true",
            "--to",
            archive.toUri() + "?format=lines&partition=app.log",
            "--idle-timeout",
            "300ms");
    waitFor(out, p, Pattern.compile("drift MISSING partition app\\.log: "));

    p.destroy(); // SIGTERM: stop following, catch up, report
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String output = Files.readString(out);
    // The gates' code, not the signal's 143.
    assertThat(p.exitValue()).as(output).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(output).contains("Verification FAILED: source 4 records", "missing 1");
  }

  @Test
  void aPlanKilledInItsSecondStageResumesThereAndFinishes() throws Exception {
    Path fast = tmp.resolve("fast-logs");
    Path slow = tmp.resolve("slow-logs");
    Cli.writeLogs(fast, 500, 1);
    Cli.writeLogs(slow, 3_000, 2);
    Path plan = tmp.resolve("p.plan");
    Files.writeString(
        plan,
        String.join(
            "\n",
            "state-dir = state",
            "[stage canary]",
            "[stream fast]",
            "from = " + Cli.logsUri(fast),
            "to = " + tmp.resolve("fast-out").toUri(),
            "[stage critical]",
            "[stream slow]",
            "from = " + Cli.logsUri(slow),
            "to = " + tmp.resolve("slow-out").toUri(),
            "rate = 1000",
            "checkpoint-every = 200",
            ""));
    Process p = start(tmp.resolve("plan.out"), "plan", plan.toString(), "--progress-every", "100ms");
    waitFor(
        tmp.resolve("plan.out"),
        p,
        Pattern.compile("\\[critical/slow] (RUNNING|BACKFILL|CAUGHT_UP): [1-9][\\d,]* records committed"));

    p.destroyForcibly(); // SIGKILL, in the middle of the second stage
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String killed = Files.readString(tmp.resolve("plan.out"));
    assertThat(killed).contains("stage 1/2 'canary' passed").doesNotContain("plan passed");

    Run rest = java(tmp.resolve("rest.out"), "plan", plan.toString());
    assertThat(rest.code).as(rest.output).isZero();
    assertThat(rest.output)
        .contains(
            "resuming, 1 stream finished earlier",
            "stage 1/2 'canary': 1 stream, finished earlier",
            "[critical/slow] slow finished at end of input",
            ", resumed from #",
            "[critical/slow] Verification PASSED",
            "plan passed: 2 streams in 2 stages")
        .doesNotContain("[canary/fast]");
    Run verify =
        java(
            tmp.resolve("verify.out"),
            "verify",
            "--from",
            Cli.logsUri(slow),
            "--to",
            tmp.resolve("slow-out").toUri().toString());
    assertThat(verify.code).as(verify.output).isZero();
    assertThat(verify.output).contains("source 3000 records", "destination 3000 records");
  }

  /** Waits until the child's output matches {@code pattern}. */
  private static void waitFor(Path out, Process p, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.exists(out) && pattern.matcher(Files.readString(out)).find()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no match for " + pattern + " in: " + Files.readString(out));
  }

  /** Waits for the child's first progress line and a moment more, so it has read some records. */
  private static void waitForProgress(Path out, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.exists(out) && Files.readString(out).contains("records committed")) {
        Thread.sleep(1_000);
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no progress from the child: " + Files.readString(out));
  }

  private static long committed(Path archive) {
    return CommittedSegments.readManifest(archive)
        .flatMap(CommitManifest::checkpoint)
        .map(c -> c.records())
        .orElse(0L);
  }

  private record Run(int code, String output) {}

  private static Run java(Path out, String... args) throws Exception {
    Process p = start(out, args);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(p.exitValue(), Files.readString(out));
  }

  private static Process start(Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }
}
