package io.streammigration.cli;

import io.streammigration.cli.PlanReport.Kind;
import io.streammigration.cli.PlanReport.StageOutcome;
import io.streammigration.cli.PlanReport.Status;
import io.streammigration.cli.PlanReport.StreamOutcome;
import io.streammigration.cli.endpoint.EndpointRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code migrate plan <file>}: a phased migration of several streams, stage after stage, each
 * stream verified by its gates before the next stage starts; re-invoked, it skips what finished
 * and resumes the rest. The file format is {@link PlanParser}'s; the checks before anything runs
 * are {@link PlanCheck}'s; the run is {@link PlanRun}'s; the output is {@link PlanReport}'s.
 *
 * <p>Exit codes: {@link ExitCode#OK} when every stream finished and passed (or a dry run found the
 * plan valid), {@link ExitCode#FAILED} when a stream's run failed, {@link ExitCode#USAGE} for a
 * mistake in the plan file (nothing was started), {@link ExitCode#VERIFICATION_FAILED} when a gate
 * failed.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Run a phased migration of several streams, stage by stage; resumes where it stopped.",
      "The streams of a stage run side by side, each is verified by its gates, and the next "
          + "stage starts only when every gate passed. Run it again after a failure or a "
          + "crash: finished streams are not run again.",
    },
    footerHeading = "%nPlan file (UTF-8; '#' at the start of a line or after a space starts a comment):%n",
    footer = {
      "  state-dir = orders-cutover.state   # required, relative to the plan file",
      "  parallelism = 2                    # streams of a stage at a time (4)",
      "  guarantee = exactly-once           # defaults for every stream",
      "  [stage canary]",
      "  gate = exact                       # defaults for the stage's streams",
      "  [stream audit-logs]",
      "  from = file:/var/log/audit?format=lines&rotation=audit.log",
      "  to   = file:/data/archive/audit",
      "  [stage critical]",
      "  [stream orders]",
      "  from = kafka://old:9092/orders",
      "  to   = kafka://new:9092/orders",
      "Stream keys: from, to (required), id;",
      "plan, stage or stream keys: guarantee, checkpoint-every, rate, gate,",
      "max-p99, idle-timeout, kafka-config (the nearest wins). gate defaults to",
      "exact, or duplicates-allowed for at-least-once streams. Sources must be",
      "bounded and start at fixed records (kafka: start=<time>, not latest); no",
      "two streams may write one destination, however their URIs are spelt.",
      "Each stream keeps its checkpoints in <state-dir>/streams/<name>.",
      "%nExit codes: 0 every stream finished and passed its gates (or a valid",
      "--dry-run); 1 a stream's run failed; 2 a mistake in the plan file (nothing",
      "started); 3 a gate failed."
    })
final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<plan file>", description = "The plan to run.")
  Path file;

  @Option(
      names = "--dry-run",
      description = "Check the plan and print its stages and streams, with what finished; run nothing.")
  boolean dryRun;

  @Option(
      names = "--json",
      description =
          "Print one JSON report at the end (progress lines then go to stderr), with each "
              + "stream's verification as 'migrate verify --json' prints it.")
  boolean json;

  @Option(
      names = "--progress-every",
      defaultValue = "10s",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description = "How often each running stream logs its progress (default: ${DEFAULT-VALUE}).")
  Duration progressEvery;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // With --json, stdout holds the report alone.
    PrintWriter log = json ? spec.commandLine().getErr() : out;
    EndpointRegistry registry = MigrateCommand.endpoints();
    Plan plan = PlanParser.parse(file);
    // Everything is checked before the state directory is created or locked.
    Map<String, PlanState.Finished> finished =
        PlanCheck.check(plan, PlanState.peek(plan.stateDir()), registry);
    PlanReport report;
    if (dryRun) {
      report = new PlanReport(plan, outline(plan, finished, Status.PENDING), Kind.DRY_RUN);
    } else {
      try (PlanState state = PlanState.lock(plan.stateDir())) {
        // Again under the lock: another invocation may have finished streams in between.
        finished = PlanCheck.check(plan, state, registry);
        if (finished.size() == plan.streams().size()) {
          report =
              new PlanReport(
                  plan, outline(plan, finished, Status.FINISHED_EARLIER), Kind.ALREADY_COMPLETED);
        } else {
          log.println(
              "plan " + plan.file() + ": " + plan.size() + "; state in " + plan.stateDir()
                  + (finished.isEmpty()
                      ? ""
                      : "; resuming, " + Plan.count(finished.size(), "stream")
                          + " finished earlier"));
          List<StageOutcome> stages =
              new PlanRun(plan, state, registry, log, progressEvery).run(finished);
          report = new PlanReport(plan, stages, Kind.RUN);
        }
      }
    }
    out.println(json ? report.json() : report.text());
    out.flush();
    return report.exitCode();
  }

  /** Every stage with its streams, finished or {@code otherwise}, for reports that run nothing. */
  private static List<StageOutcome> outline(
      Plan plan, Map<String, PlanState.Finished> finished, Status otherwise) {
    List<StageOutcome> stages = new ArrayList<>();
    for (Plan.Stage stage : plan.stages()) {
      List<StreamOutcome> streams = new ArrayList<>();
      for (Plan.Stream s : stage.streams()) {
        PlanState.Finished f = finished.get(s.name());
        streams.add(
            new StreamOutcome(
                s, f != null ? Status.FINISHED_EARLIER : otherwise, List.of(), Optional.empty(),
                Optional.empty(), Optional.ofNullable(f)));
      }
      boolean allDone = streams.stream().allMatch(o -> o.status().done());
      stages.add(new StageOutcome(stage, allDone ? Status.FINISHED_EARLIER : otherwise, streams));
    }
    return stages;
  }
}
