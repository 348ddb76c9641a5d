package io.streammigration.cli;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.Cutover;
import io.streammigration.core.engine.CutoverException;
import io.streammigration.core.engine.CutoverHook;
import io.streammigration.core.engine.CutoverResult;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.engine.MigrationStatus;
import io.streammigration.core.error.MigrationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One {@code migrate run --cutover}: runs the migration on a thread of its own and, on the calling
 * thread, its {@link Cutover} with shell commands as the hook, printing each step; returns the
 * exit code.
 *
 * <ol>
 *   <li>Waits until the lag has stayed at or under {@code --cutover-lag} for {@code
 *       --cutover-window}. If that does not happen within {@code --cutover-wait}: nothing was
 *       switched, so the run stops with a final checkpoint and exits {@link
 *       ExitCode#NOT_CAUGHT_UP}; running the same command again resumes and tries again.
 *   <li>Runs {@code --before-drain} ({@code sh -c}), where the operator switches the writers to
 *       the new destination; it must exit once nothing more reaches the old stream. A non-zero
 *       exit aborts the cutover before anything is drained: the run stops with a final checkpoint
 *       and exits {@link ExitCode#CUTOVER_ABORTED}.
 *   <li>Drains to where the source ends now, commits a final checkpoint exactly there and stops
 *       (at most {@code --drain-timeout}); a failed drain exits {@link ExitCode#FAILED}.
 *   <li>Prints the end positions and runs {@code --after-drain} with them (environment below); a
 *       non-zero exit there exits {@link ExitCode#AFTER_DRAIN_FAILED}, the migration being over.
 * </ol>
 *
 * <p>Why a cutover that cannot complete stops the run rather than leaving it running: the command
 * then ends with an exit code a script can act on, and the final checkpoint means that running it
 * again loses and repeats nothing.
 *
 * <p>Commands run with the process's standard streams and these environment variables: {@code
 * MIGRATE_ID} (the migration id) for both; {@code MIGRATE_LAG} (the lag when caught up) for
 * before-drain; {@code MIGRATE_END_CHECKPOINT} (the final checkpoint's id, empty if nothing was
 * ever migrated), {@code MIGRATE_END_RECORDS} (records it covers) and {@code MIGRATE_END_POSITIONS}
 * (a file of {@code <partition> TAB <position>} lines, the last record delivered of each partition,
 * deleted once the command exits) for after-drain. The command texts are never printed: they may
 * hold credentials.
 */
final class CutoverRun {

  private final Migration migration;
  private final CutoverOptions options;
  private final ProgressReporter progress;

  CutoverRun(Migration migration, CutoverOptions options, ProgressReporter progress) {
    this.migration = migration;
    this.options = options;
    this.progress = progress;
  }

  /**
   * How a cutover run ended.
   *
   * @param exitCode the command's exit code
   * @param completed true if the cutover completed (exit code {@link ExitCode#OK})
   * @param drainedTo once completed, the final checkpoint the old stream was drained to; empty if
   *     it was empty, or if the cutover did not complete
   */
  record Outcome(int exitCode, boolean completed, Optional<Checkpoint> drainedTo) {

    Outcome {
      Objects.requireNonNull(drainedTo, "drainedTo");
    }

    static Outcome notCompleted(int exitCode) {
      return new Outcome(exitCode, false, Optional.empty());
    }
  }

  /** Runs the migration and its cutover; returns how it ended. */
  Outcome run() {
    long startNanos = System.nanoTime();
    // The run's own thread: the cutover blocks this one, and a migration runs on one thread.
    CompletableFuture<MigrationResult> running =
        migration.start(task -> new Thread(task, "migrate-run").start());
    progress.say(
        String.format(
            Locale.ROOT,
            "cutover: waiting for lag <= %,d for %s (giving up after %s)",
            options.maxLag(),
            human(options.window()),
            human(options.waitAtMost())));
    CutoverResult result;
    try {
      result =
          Cutover.of(migration)
              .caughtUpWhen(options.maxLag(), options.window())
              .waitAtMost(options.waitAtMost())
              .drainTimeout(options.drainTimeout())
              .hook(new ShellHook(startNanos))
              .run();
    } catch (CutoverException e) {
      return Outcome.notCompleted(failed(e, running));
    } catch (MigrationException e) {
      // The run failed or ended while the cutover waited for it: its own outcome says why.
      finish(running);
      progress.say("cutover not done: the run ended before it caught up");
      return Outcome.notCompleted(ExitCode.FAILED);
    }
    if (!result.completed()) {
      MigrationStatus last = result.caughtUpStatus();
      progress.say(
          String.format(
              Locale.ROOT,
              "cutover: not caught up within %s (lag %s, needed <= %,d for %s); nothing was"
                  + " switched. Stopping with a final checkpoint: run again to resume and retry",
              human(options.waitAtMost()),
              last.lag().isPresent()
                  ? String.format(Locale.ROOT, "%,d", last.lag().getAsLong())
                  : "unknown",
              options.maxLag(),
              human(options.window())));
      migration.close();
      finish(running);
      return Outcome.notCompleted(ExitCode.NOT_CAUGHT_UP);
    }
    finish(running);
    progress.say(
        "cutover complete: the old stream ended at "
            + result.end().map(c -> "checkpoint #" + c.id()).orElse("its start (it was empty)"));
    return new Outcome(ExitCode.OK, true, result.end());
  }

  private int failed(CutoverException e, CompletableFuture<MigrationResult> running) {
    String cause = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
    switch (e.stage()) {
      case BEFORE_DRAIN -> {
        progress.say(
            "cutover aborted: "
                + cause
                + "; nothing was drained. Stopping with a final checkpoint: undo or finish what the"
                + " command did, then run again to retry the cutover");
        migration.close();
        finish(running);
        return ExitCode.CUTOVER_ABORTED;
      }
      case AFTER_DRAIN -> {
        finish(running);
        progress.say(
            "cutover: the migration drained and stopped at "
                + e.end().map(c -> "checkpoint #" + c.id()).orElse("its start")
                + " (end positions above), but "
                + cause);
        return ExitCode.AFTER_DRAIN_FAILED;
      }
      default -> {
        // The drain may still be going on: stop it with a final checkpoint, and say where.
        try {
          migration.close();
          finish(running);
        } catch (RuntimeException stopping) {
          e.addSuppressed(stopping); // the run failed too; the drain's failure says why
        }
        throw new MigrationException(
            "the drain failed after --before-drain succeeded, so the old stream's writers are"
                + " switched; the run stopped at its last checkpoint. Run the same command again:"
                + " it resumes there and drains what is left",
            e.getCause() == null ? e : e.getCause());
      }
    }
  }

  /** Waits for the run's end and prints its summary; rethrows its failure. */
  private void finish(CompletableFuture<MigrationResult> running) {
    MigrationResult result;
    try {
      result = running.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new MigrationException("migration failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted while waiting for the migration to stop", e);
    }
    progress.stop(); // no progress line after the summary
    progress.say(MigrationJob.describe(result));
  }

  /** The end positions, one {@code <partition> TAB <position>} line each, by partition name. */
  static List<String> positionLines(Checkpoint end) {
    List<String> lines = new ArrayList<>();
    end.positions().entrySet().stream()
        .sorted(Comparator.comparing(entry -> entry.getKey().name()))
        .forEach(entry -> lines.add(entry.getKey().name() + "\t" + entry.getValue()));
    return lines;
  }

  private static String human(Duration d) {
    return Durations.format(d);
  }

  /** A command that exited non-zero or could not start; its message says which. */
  private static final class CommandFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
      super(message);
    }
  }

  /** The hook: the operator's commands, with what they need in their environment. */
  private final class ShellHook implements CutoverHook {

    private final long startNanos;

    ShellHook(long startNanos) {
      this.startNanos = startNanos;
    }

    @Override
    public void beforeDrain(MigrationStatus status) throws Exception {
      String lag = status.lag().isPresent() ? Long.toString(status.lag().getAsLong()) : "";
      progress.say(
          String.format(
              Locale.ROOT,
              "cutover: caught up (lag %s) after %.1f s",
              lag,
              (System.nanoTime() - startNanos) / 1e9));
      if (options.beforeDrain().isEmpty()) {
        progress.say(
            "cutover: no --before-drain command; draining to where the source ends now (records"
                + " appended later are left for a later run)");
        return;
      }
      progress.say("cutover: running the --before-drain command");
      Map<String, String> env = new HashMap<>();
      env.put("MIGRATE_ID", migration.config().id());
      env.put("MIGRATE_LAG", lag);
      execute("--before-drain", options.beforeDrain().get(), env);
      progress.say("cutover: --before-drain done; draining to where the source ends now");
    }

    @Override
    public void afterDrain(Checkpoint end) throws Exception {
      List<String> positions = end == null ? List.of() : positionLines(end);
      if (end == null) {
        progress.say("cutover: drained; nothing was ever migrated (the old stream is empty)");
      } else {
        progress.say(
            String.format(
                Locale.ROOT,
                "cutover: drained to checkpoint #%d (%,d records); last position per partition:",
                end.id(),
                end.records()));
        positions.forEach(line -> progress.say("  " + line.replace('\t', ' ')));
      }
      if (options.afterDrain().isEmpty()) {
        return;
      }
      Path file = Files.createTempFile("migrate-cutover-end-", ".tsv");
      try {
        Files.write(file, positions, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("MIGRATE_ID", migration.config().id());
        env.put("MIGRATE_END_CHECKPOINT", end == null ? "" : Long.toString(end.id()));
        env.put("MIGRATE_END_RECORDS", end == null ? "0" : Long.toString(end.records()));
        env.put("MIGRATE_END_POSITIONS", file.toString());
        progress.say(
            "cutover: running the --after-drain command (end positions in $MIGRATE_END_POSITIONS)");
        execute("--after-drain", options.afterDrain().get(), env);
        progress.say("cutover: --after-drain done");
      } finally {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // A temporary file of positions, no secret: not worth failing a completed cutover for.
        }
      }
    }

    /** Runs {@code command} with {@code sh -c} and this process's streams; waits for its exit. */
    private void execute(String option, String command, Map<String, String> env)
        throws CommandFailedException, InterruptedException {
      ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).inheritIO();
      builder.environment().putAll(env);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new CommandFailedException(option + " could not be started: " + e.getMessage());
      }
      try {
        int code = process.waitFor();
        if (code != 0) {
          throw new CommandFailedException(option + " command exited with " + code);
        }
      } catch (InterruptedException e) {
        process.destroy();
        throw e;
      }
    }
  }
}
