package io.streammigration.cli;

import io.streammigration.cli.PlanReport.StageOutcome;
import io.streammigration.cli.PlanReport.Status;
import io.streammigration.cli.PlanReport.StreamOutcome;
import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.engine.MigrationResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a checked {@link Plan}, stage after stage:
 *
 * <ol>
 *   <li>The streams of a stage that have not finished earlier run side by side, at most the
 *       stage's {@code parallelism} at a time, each on a thread of a pool this run owns for the
 *       stage. Each one is a {@link MigrationJob} (as {@code migrate run}, resuming from its own
 *       checkpoints under the plan's state directory) followed, once it reached the end of its
 *       input, by a {@link Verification} with its gates; if that passes, the stream is recorded
 *       as finished ({@link PlanState#markFinished}) and is never run again.
 *   <li>A stream that fails, or fails a gate, does not stop the others of its stage: they run to
 *       their end and are verified, so one invocation reports every problem of the stage.
 *   <li>The next stage starts only if every stream of this one passed; otherwise the run stops,
 *       and later stages are reported as not started.
 * </ol>
 *
 * <p>Every line a stream prints (its progress, its result, its verification) goes to the log
 * prefixed {@code [stage/stream]}. Ctrl-C or SIGTERM stops every running stream with a final
 * checkpoint, as for {@code migrate run}; the next invocation resumes them.
 */
final class PlanRun {

  private final Plan plan;
  private final PlanState state;
  private final EndpointRegistry registry;
  private final PrintWriter log;
  private final Duration progressEvery;

  PlanRun(
      Plan plan,
      PlanState state,
      EndpointRegistry registry,
      PrintWriter log,
      Duration progressEvery) {
    this.plan = plan;
    this.state = state;
    this.registry = registry;
    this.log = log;
    this.progressEvery = progressEvery;
  }

  /**
   * Runs every stage that is not finished, in order, until one fails.
   *
   * @param finished the streams that finished earlier (from {@link PlanCheck#check}), not run
   * @return each stage's outcome, in plan order, including those not started
   */
  List<StageOutcome> run(Map<String, PlanState.Finished> finished) {
    List<StageOutcome> outcomes = new ArrayList<>();
    boolean stopped = false;
    int number = 0;
    for (Plan.Stage stage : plan.stages()) {
      number++;
      String title = "stage " + number + "/" + plan.stages().size() + " '" + stage.name() + "'";
      if (stopped) {
        outcomes.add(notStarted(stage, finished));
        continue;
      }
      List<Plan.Stream> pending =
          stage.streams().stream().filter(s -> !finished.containsKey(s.name())).toList();
      if (pending.isEmpty()) {
        log.println(
            title + ": " + Plan.count(stage.streams().size(), "stream") + ", finished earlier");
        outcomes.add(
            new StageOutcome(stage, Status.FINISHED_EARLIER, earlier(stage.streams(), finished)));
        continue;
      }
      int threads = Math.min(stage.parallelism(), pending.size());
      log.println(
          title
              + ": running "
              + pending.size()
              + " of "
              + Plan.count(stage.streams().size(), "stream")
              + ", "
              + threads
              + " at a time"
              + (pending.size() < stage.streams().size() ? " (the others finished earlier)" : ""));
      List<StreamOutcome> streams = runStage(stage, pending, threads, finished);
      boolean passed = streams.stream().allMatch(o -> o.status().done());
      log.println(title + (passed ? " passed" : " FAILED"));
      outcomes.add(new StageOutcome(stage, passed ? Status.PASSED : Status.FAILED, streams));
      stopped = !passed;
    }
    log.flush();
    return outcomes;
  }

  private List<StreamOutcome> runStage(
      Plan.Stage stage,
      List<Plan.Stream> pending,
      int threads,
      Map<String, PlanState.Finished> finished) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "plan-" + stage.name() + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<StreamOutcome>> running = new ArrayList<>();
      for (Plan.Stream s : pending) {
        running.add(pool.submit(() -> runStream(stage, s)));
      }
      List<StreamOutcome> outcomes = new ArrayList<>();
      int next = 0;
      for (Plan.Stream s : stage.streams()) {
        if (finished.containsKey(s.name())) {
          outcomes.add(earlier(List.of(s), finished).get(0));
        } else {
          outcomes.add(await(running.get(next++), s));
        }
      }
      return outcomes;
    } finally {
      pool.shutdown();
    }
  }

  private static StreamOutcome await(Future<StreamOutcome> future, Plan.Stream s) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StreamOutcome.of(s, Status.STOPPED, List.of("interrupted"), Optional.empty());
    } catch (ExecutionException e) {
      // runStream catches what a stream throws; this is a bug, reported like a failure.
      List<String> lines = new ArrayList<>(MigrateCommand.failure(e.getCause()));
      lines.set(0, "stream failed: " + lines.get(0));
      return StreamOutcome.of(s, Status.RUN_FAILED, lines, Optional.empty());
    }
  }

  /** Runs one stream to its end and verifies it; never throws. On a thread of the stage's pool. */
  private StreamOutcome runStream(Plan.Stage stage, Plan.Stream s) {
    PrintWriter out = LinePrefixWriter.over(log, "[" + stage.name() + "/" + s.name() + "] ");
    try {
      out.println("run " + s.from() + " -> " + s.to() + " (" + s.guaranteeName() + ")");
      EndpointOptions options = PlanCheck.options(s, state);
      MigrationResult result;
      try {
        result =
            new MigrationJob(
                    s.id(),
                    s.from(),
                    s.to(),
                    s.guarantee(),
                    s.checkpointEvery(),
                    s.rate(),
                    options)
                .run(registry, out, false, progressEvery);
      } catch (RuntimeException e) {
        return failed(out, s, "run", e);
      }
      if (!result.endOfInput()) {
        out.println("stopped before the end of its input; run the plan again to resume");
        return StreamOutcome.of(
            s, Status.STOPPED, List.of("stopped before the end of its input"), Optional.of(result));
      }
      Verification verification;
      try {
        verification =
            Verification.of(
                registry,
                s.from(),
                s.to(),
                new EndpointOptions(Optional.empty(), s.kafkaConfig(), Optional.empty()),
                s.gates(),
                s.idleTimeout());
      } catch (RuntimeException e) {
        return failed(out, s, "verification", e);
      }
      out.println(verification.text());
      if (!verification.passed()) {
        return new StreamOutcome(
            s, Status.GATE_FAILED, verification.failures(), Optional.of(result),
            Optional.of(verification), Optional.empty());
      }
      state.markFinished(s, stage.name(), result);
      return new StreamOutcome(
          s, Status.PASSED, List.of(), Optional.of(result), Optional.of(verification),
          Optional.empty());
    } catch (RuntimeException e) {
      return failed(out, s, "stream", e);
    } finally {
      out.close();
    }
  }

  /** {@code what} ("run", "verification") failed with {@code e}. */
  private static StreamOutcome failed(PrintWriter out, Plan.Stream s, String what, Exception e) {
    List<String> lines = new ArrayList<>(MigrateCommand.failure(e));
    lines.set(0, what + " failed: " + lines.get(0));
    out.println(String.join("; ", lines));
    if (MigrateCommand.debug()) {
      e.printStackTrace(out);
    }
    return StreamOutcome.of(s, Status.RUN_FAILED, lines, Optional.empty());
  }

  private static List<StreamOutcome> earlier(
      List<Plan.Stream> streams, Map<String, PlanState.Finished> finished) {
    return streams.stream()
        .map(
            s ->
                new StreamOutcome(
                    s, Status.FINISHED_EARLIER, List.of(), Optional.empty(), Optional.empty(),
                    Optional.ofNullable(finished.get(s.name()))))
        .toList();
  }

  private static StageOutcome notStarted(
      Plan.Stage stage, Map<String, PlanState.Finished> finished) {
    List<StreamOutcome> streams = new ArrayList<>();
    for (Plan.Stream s : stage.streams()) {
      streams.add(
          finished.containsKey(s.name())
              ? earlier(List.of(s), finished).get(0)
              : StreamOutcome.of(s, Status.NOT_STARTED, List.of(), Optional.empty()));
    }
    return new StageOutcome(stage, Status.NOT_STARTED, streams);
  }
}
