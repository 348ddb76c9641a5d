package io.streammigration.cli;

import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.verify.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one {@code migrate plan} invocation found or did, stage by stage and stream by stream, with
 * its exit code, a closing summary for people ({@link #text()}) and one JSON document for tools
 * ({@link #json()}).
 *
 * <p>JSON: {@code {plan, stateDir, dryRun, alreadyCompleted, passed, exitCode, stages: [{name,
 * parallelism, status, streams: [{name, id, from, to, guarantee, gates, status, recordsThisRun,
 * finishedAt, failedGates, failures, verification}]}]}}. {@code verification} is the verifier's
 * own JSON report (as {@code migrate verify --json} prints it), or null where the stream was not
 * verified in this invocation.
 */
final class PlanReport {

  /** Where a stage or stream stands. Streams are {@link #done()} if they need no more work. */
  enum Status {
    PASSED("passed"),
    FINISHED_EARLIER("finished-earlier"),
    PENDING("pending"),
    GATE_FAILED("gate-failed"),
    RUN_FAILED("run-failed"),
    STOPPED("stopped"),
    FAILED("failed"),
    NOT_STARTED("not-started");

    final String json;

    Status(String json) {
      this.json = json;
    }

    boolean done() {
      return this == PASSED || this == FINISHED_EARLIER;
    }
  }

  /**
   * One stream's outcome.
   *
   * @param failures why it did not pass, one line each (for a failed gate {@code <gate>:
   *     <reason>})
   * @param result the run, if it ran in this invocation
   * @param verification the verification, if it was verified in this invocation
   * @param earlier the completion record, if it finished in an earlier invocation
   */
  record StreamOutcome(
      Plan.Stream stream,
      Status status,
      List<String> failures,
      Optional<MigrationResult> result,
      Optional<Verification> verification,
      Optional<PlanState.Finished> earlier) {

    StreamOutcome {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(status, "status");
      failures = List.copyOf(failures);
    }

    static StreamOutcome of(
        Plan.Stream stream, Status status, List<String> failures, Optional<MigrationResult> result) {
      return new StreamOutcome(
          stream, status, failures, result, Optional.empty(), Optional.empty());
    }
  }

  /** One stage's outcome: {@code PASSED}, {@code FAILED}, {@code FINISHED_EARLIER}, {@code NOT_STARTED} or {@code PENDING}. */
  record StageOutcome(Plan.Stage stage, Status status, List<StreamOutcome> streams) {
    StageOutcome {
      streams = List.copyOf(streams);
    }
  }

  /** What kind of invocation this reports. */
  enum Kind {
    RUN,
    DRY_RUN,
    ALREADY_COMPLETED
  }

  private final Plan plan;
  private final List<StageOutcome> stages;
  private final Kind kind;

  PlanReport(Plan plan, List<StageOutcome> stages, Kind kind) {
    this.plan = plan;
    this.stages = List.copyOf(stages);
    this.kind = kind;
  }

  /** True if every stream is done (for a dry run: if the plan is valid, which it is by now). */
  boolean passed() {
    return kind == Kind.DRY_RUN || streams().allMatch(o -> o.status().done());
  }

  /**
   * {@link ExitCode#OK} if the plan passed (or a dry run found it valid); {@link ExitCode#FAILED}
   * if a stream's run failed or was stopped; else {@link ExitCode#VERIFICATION_FAILED} if a gate
   * failed.
   */
  int exitCode() {
    if (passed()) {
      return ExitCode.OK;
    }
    boolean broken =
        streams().anyMatch(o -> o.status() == Status.RUN_FAILED || o.status() == Status.STOPPED);
    return broken ? ExitCode.FAILED : ExitCode.VERIFICATION_FAILED;
  }

  private java.util.stream.Stream<StreamOutcome> streams() {
    return stages.stream().flatMap(s -> s.streams().stream());
  }

  /** The closing lines for people. */
  String text() {
    StringBuilder t = new StringBuilder();
    String size = plan.size();
    switch (kind) {
      case DRY_RUN -> {
        t.append("plan ").append(plan.file()).append(": ").append(size).append("; state in ")
            .append(plan.stateDir()).append('\n');
        int n = 0;
        for (StageOutcome stage : stages) {
          t.append("stage ").append(++n).append('/').append(stages.size()).append(" '")
              .append(stage.stage().name()).append("', up to ")
              .append(Plan.count(stage.stage().parallelism(), "stream"))
              .append(" at a time:\n");
          for (StreamOutcome o : stage.streams()) {
            Plan.Stream s = o.stream();
            t.append("  stream '").append(s.name()).append("' [").append(o.status().json)
                .append(o.earlier().map(f -> " " + f.finishedAt()).orElse("")).append("]: ")
                .append(s.from()).append(" -> ").append(s.to()).append("; ")
                .append(s.guaranteeName()).append("; gates ").append(gateNames(s))
                .append("; id ").append(s.id()).append('\n');
          }
        }
        t.append("dry run: nothing was started");
      }
      case ALREADY_COMPLETED -> t.append("plan ").append(plan.file())
          .append(" already completed: all ").append(size)
          .append(" finished and passed their gates earlier; nothing to do (state in ")
          .append(plan.stateDir()).append(')');
      case RUN -> {
        if (passed()) {
          long earlier = streams().filter(o -> o.status() == Status.FINISHED_EARLIER).count();
          t.append("plan passed: ").append(size).append(" finished and passed their gates")
              .append(earlier > 0 ? " (" + earlier + " of them earlier)" : "")
              .append("; state in ").append(plan.stateDir());
        } else {
          failureText(t);
        }
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    return t.toString();
  }

  private void failureText(StringBuilder t) {
    int n = 0;
    List<String> notStarted = new ArrayList<>();
    for (StageOutcome stage : stages) {
      n++;
      if (stage.status() == Status.FAILED) {
        t.append("plan FAILED in stage ").append(n).append('/').append(stages.size()).append(" '")
            .append(stage.stage().name()).append("':\n");
        for (StreamOutcome o : stage.streams()) {
          if (o.status().done()) {
            continue;
          }
          String stream = "  stream '" + o.stream().name() + "' ";
          boolean corrupt = o.verification().flatMap(Verification::corruption).isPresent();
          switch (o.status()) {
            case GATE_FAILED -> {
              for (String failure : o.failures()) {
                t.append(stream).append(corrupt ? "failed verification: " : "failed gate ")
                    .append(failure).append('\n');
              }
            }
            case STOPPED -> t.append(stream).append("was stopped before the end of its input\n");
            default -> t.append(stream).append(String.join("; ", o.failures())).append('\n');
          }
        }
      } else if (stage.status() == Status.NOT_STARTED) {
        notStarted.add("'" + stage.stage().name() + "'");
      }
    }
    if (!notStarted.isEmpty()) {
      t.append("not started: stage").append(notStarted.size() == 1 ? " " : "s ")
          .append(String.join(", ", notStarted)).append('\n');
    }
    t.append("streams that passed are recorded as finished and will not run again;")
        .append(" fix the cause and run the plan again to resume");
  }

  private static String gateNames(Plan.Stream s) {
    return s.gates().stream().map(Gate::name).collect(Collectors.joining(", "));
  }

  /** The report as one JSON document (see the class comment). */
  String json() {
    StringBuilder j = new StringBuilder("{\"plan\":").append(Json.string(plan.file().toString()))
        .append(",\"stateDir\":").append(Json.string(plan.stateDir().toString()))
        .append(",\"dryRun\":").append(kind == Kind.DRY_RUN)
        .append(",\"alreadyCompleted\":").append(kind == Kind.ALREADY_COMPLETED)
        .append(",\"passed\":").append(passed())
        .append(",\"exitCode\":").append(exitCode())
        .append(",\"stages\":[");
    for (int i = 0; i < stages.size(); i++) {
      StageOutcome stage = stages.get(i);
      j.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.string(stage.stage().name()))
          .append(",\"parallelism\":").append(stage.stage().parallelism())
          .append(",\"status\":").append(Json.string(stage.status().json))
          .append(",\"streams\":[");
      for (int k = 0; k < stage.streams().size(); k++) {
        j.append(k == 0 ? "" : ",");
        streamJson(j, stage.streams().get(k));
      }
      j.append("]}");
    }
    return j.append("]}").toString();
  }

  private static void streamJson(StringBuilder j, StreamOutcome o) {
    Plan.Stream s = o.stream();
    j.append("{\"name\":").append(Json.string(s.name()))
        .append(",\"id\":").append(Json.string(s.id()))
        .append(",\"from\":").append(Json.string(s.from().toString()))
        .append(",\"to\":").append(Json.string(s.to().toString()))
        .append(",\"guarantee\":").append(Json.string(s.guaranteeName()))
        .append(",\"gates\":").append(strings(s.gates().stream().map(Gate::name).toList()))
        .append(",\"status\":").append(Json.string(o.status().json))
        .append(",\"recordsThisRun\":")
        .append(o.result().map(r -> Long.toString(r.records())).orElse("null"))
        .append(",\"finishedAt\":")
        .append(o.earlier().map(f -> Json.string(f.finishedAt())).orElse("null"))
        .append(",\"failedGates\":")
        .append(strings(o.verification().map(Verification::failedGates).orElse(List.of())))
        .append(",\"failures\":").append(strings(o.failures()))
        .append(",\"verification\":")
        .append(o.verification().map(Verification::json).orElse("null"))
        .append('}');
  }

  private static String strings(List<String> values) {
    return values.stream().map(Json::string).collect(Collectors.joining(",", "[", "]"));
  }
}
