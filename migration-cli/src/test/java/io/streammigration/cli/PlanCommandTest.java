package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate plan} in-process with file streams: stages run in order and each stream is
 * verified; a failed gate stops the plan before the next stage; finished streams are never run
 * again, so a re-run after a failure resumes and a re-run after success does nothing.
 */
class PlanCommandTest {

  @TempDir Path tmp;

  /** A log directory of {@code lines} lines and its source URI. */
  private String logs(String name, int lines) throws Exception {
    Path dir = tmp.resolve(name);
    Cli.writeLogs(dir, lines, 2);
    return Cli.logsUri(dir);
  }

  private String out(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Path plan(String... lines) throws Exception {
    Path plan = tmp.resolve("migration.plan");
    Files.writeString(plan, String.join("\n", lines) + "\n");
    return plan;
  }

  private Path twoStagePlan() throws Exception {
    return plan(
        "# non-critical streams first",
        "state-dir = state",
        "checkpoint-every = 200",
        "",
        "[stage canary]",
        "[stream audit]",
        "from = " + logs("audit-logs", 600),
        "to   = " + out("audit-out"),
        "[stream clicks]",
        "from = " + logs("click-logs", 400),
        "to   = " + out("click-out"),
        "guarantee = at-least-once",
        "",
        "[stage critical]",
        "[stream orders]",
        "from = " + logs("order-logs", 800),
        "to   = " + out("order-out"));
  }

  private static void assertVerifies(String from, String to, String gate) {
    Cli.Result verify = Cli.migrate("verify", "--from", from, "--to", to, "--gate", gate);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
  }

  @Test
  void aTwoStagePlanRunsEveryStreamAndEachDestinationVerifies() throws Exception {
    Path plan = twoStagePlan();

    Cli.Result r = Cli.migrate("plan", plan.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .contains(
            "stage 1/2 'canary': running 2 of 2 streams, 2 at a time",
            "[canary/audit] audit finished at end of input: 600 records",
            "[canary/clicks] Verification PASSED",
            "stage 1/2 'canary' passed",
            "[critical/orders] orders finished at end of input: 800 records",
            "plan passed: 3 streams in 2 stages finished and passed their gates");
    // The second stage starts only after the first passed.
    assertThat(r.out().indexOf("stage 1/2 'canary' passed"))
        .isLessThan(r.out().indexOf("[critical/orders] run"));
    assertVerifies(Cli.logsUri(tmp.resolve("audit-logs")), out("audit-out"), "exact");
    assertVerifies(
        Cli.logsUri(tmp.resolve("click-logs")), out("click-out"), "duplicates-allowed");
    assertVerifies(Cli.logsUri(tmp.resolve("order-logs")), out("order-out"), "exact");
    // Each stream keeps its checkpoints where 'migrate checkpoints' finds them.
    Cli.Result checkpoints =
        Cli.migrate(
            "checkpoints", "list", "--state-dir", tmp.resolve("state/streams/clicks").toString());
    assertThat(checkpoints.code()).as(checkpoints.all()).isZero();
  }

  @Test
  void aFailedGateInTheFirstStageStopsThePlanBeforeTheSecondStage() throws Exception {
    Path plan =
        plan(
            "state-dir = state",
            "[stage canary]",
            "[stream audit]",
            "from = " + logs("audit-logs", 300),
            // A lines destination keeps no provenance and is named after its directory: the
            // verifier finds the source's partition empty and an unexpected one.
            "to = " + out("audit-out") + "?format=lines",
            "[stream clicks]",
            "from = " + logs("click-logs", 300),
            "to = " + out("click-out"),
            "[stage critical]",
            "[stream orders]",
            "from = " + logs("order-logs", 300),
            "to = " + out("order-out"));

    Cli.Result r = Cli.migrate("plan", plan.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(r.out())
        .contains(
            "stage 1/2 'canary' FAILED",
            "plan FAILED in stage 1/2 'canary':",
            "  stream 'audit' failed gate exact-equality: 2 of 2 partitions not identical",
            "not started: stage 'critical'")
        .doesNotContain("[critical/orders]", "stream 'clicks' failed");
    assertThat(r.all()).doesNotContain("Exception", "\tat ");
    assertThat(tmp.resolve("order-out")).doesNotExist();
    // The stream of the failed stage that passed is done, and says so in the state directory.
    assertThat(tmp.resolve("state/streams/clicks/" + PlanState.FINISHED)).exists();
    assertThat(tmp.resolve("state/streams/audit/" + PlanState.FINISHED)).doesNotExist();
  }

  @Test
  void aRerunAfterAFailedStreamResumesWithoutRunningFinishedStreamsAgain() throws Exception {
    // Stream 'clicks' cannot write: its destination's parent is a file. Stream 'audit' can.
    Path blocker = Files.writeString(tmp.resolve("blocked"), "not a directory");
    Path plan =
        plan(
            "state-dir = state",
            "[stage canary]",
            "[stream audit]",
            "from = " + logs("audit-logs", 500),
            "to = " + out("audit-out"),
            "[stream clicks]",
            "from = " + logs("click-logs", 500),
            "to = " + blocker.resolve("click-out").toUri(),
            "[stage critical]",
            "[stream orders]",
            "from = " + logs("order-logs", 500),
            "to = " + out("order-out"));

    Cli.Result failed = Cli.migrate("plan", plan.toString());
    assertThat(failed.code()).as(failed.all()).isEqualTo(ExitCode.FAILED);
    assertThat(failed.out())
        .contains("stream 'clicks' run failed: ", "not started: stage 'critical'");
    Map<String, Long> auditFiles = modified(tmp.resolve("audit-out"));

    Files.delete(blocker); // the operator fixes the cause
    Cli.Result resumed = Cli.migrate("plan", plan.toString());

    assertThat(resumed.code()).as(resumed.all()).isEqualTo(ExitCode.OK);
    assertThat(resumed.out())
        .contains(
            "resuming, 1 stream finished earlier",
            "stage 1/2 'canary': running 1 of 2 streams",
            "[canary/clicks] clicks finished at end of input: 500 records",
            "[critical/orders] orders finished at end of input: 500 records",
            "plan passed: 3 streams in 2 stages finished and passed their gates (1 of them earlier)")
        .doesNotContain("[canary/audit]");
    assertThat(modified(tmp.resolve("audit-out"))).isEqualTo(auditFiles);
    assertVerifies(
        Cli.logsUri(tmp.resolve("click-logs")), blocker.resolve("click-out").toUri().toString(),
        "exact");
  }

  @Test
  void aRerunOfACompletedPlanIsANoOpThatSaysSo() throws Exception {
    Path plan = twoStagePlan();
    assertThat(Cli.migrate("plan", plan.toString()).code()).isZero();
    Map<String, Long> orderFiles = modified(tmp.resolve("order-out"));

    Cli.Result again = Cli.migrate("plan", plan.toString());

    assertThat(again.code()).as(again.all()).isZero();
    assertThat(again.out().strip())
        .startsWith("plan " + plan.toAbsolutePath())
        .contains("already completed: all 3 streams in 2 stages finished", "nothing to do")
        .doesNotContain("[canary/", "[critical/");
    assertThat(modified(tmp.resolve("order-out"))).isEqualTo(orderFiles);
  }

  @Test
  void aFinishedStreamWhoseDefinitionChangedIsRefusedNotRerun() throws Exception {
    String before = out("order-out"); // as written in the plan, before the directory exists
    String after = out("order-out-2");
    Path plan = twoStagePlan();
    assertThat(Cli.migrate("plan", plan.toString()).code()).isZero();
    Files.writeString(plan, Files.readString(plan).replace(before, after));

    Cli.Result r = Cli.migrate("plan", plan.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains(
            plan.toAbsolutePath() + ":15: stream 'orders' finished earlier",
            "its definition changed (to was " + before + ", now " + after + ")",
            "finished.properties to run the stream again");
    assertThat(tmp.resolve("order-out-2")).doesNotExist();
  }

  @Test
  void aDryRunPrintsTheStagesAndStartsNothing() throws Exception {
    Path plan = twoStagePlan();

    Cli.Result r = Cli.migrate("plan", plan.toString(), "--dry-run");

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            "3 streams in 2 stages",
            "stage 1/2 'canary', up to 4 streams at a time:",
            "  stream 'clicks' [pending]: ",
            "; at-least-once; gates equal-ignoring-duplicates; id clicks",
            "stage 2/2 'critical'",
            "dry run: nothing was started");
    assertThat(tmp.resolve("state")).doesNotExist();
    assertThat(tmp.resolve("audit-out")).doesNotExist();
  }

  @Test
  void jsonReportsEveryStageAndStreamWithItsVerification() throws Exception {
    Path plan = twoStagePlan();

    Cli.Result r = Cli.migrate("plan", plan.toString(), "--json");

    assertThat(r.code()).as(r.all()).isZero();
    String json = r.out().strip();
    assertThat(json)
        .startsWith("{\"plan\":")
        .endsWith("}")
        .contains(
            "\"passed\":true",
            "\"exitCode\":0",
            "{\"name\":\"canary\",\"parallelism\":4,\"status\":\"passed\"",
            "{\"name\":\"orders\",\"id\":\"orders\"",
            "\"status\":\"passed\",\"recordsThisRun\":800",
            "\"verification\":{\"passed\":true");
    // Progress goes to stderr, so stdout is one JSON document.
    assertThat(r.out()).doesNotContain("[canary/");
    assertThat(r.err()).contains("[canary/audit]");
  }

  @Test
  void aSecondInvocationOnTheSameStateDirectoryIsRefused() throws Exception {
    Path plan = twoStagePlan();
    try (PlanState held = PlanState.lock(tmp.resolve("state"))) {
      Cli.Result r = Cli.migrate("plan", plan.toString());
      assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err()).contains("another 'migrate plan' is running with the state directory");
    }
    assertThat(tmp.resolve("audit-out")).doesNotExist();
  }

  /** Each file's last-modified time, by name: unchanged if nothing wrote there. */
  private static Map<String, Long> modified(Path dir) throws Exception {
    Map<String, Long> times = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        times.put(f.getFileName().toString(), Files.getLastModifiedTime(f).toMillis());
      }
    }
    assertThat(times).isNotEmpty();
    return Collections.unmodifiableMap(times);
  }
}
