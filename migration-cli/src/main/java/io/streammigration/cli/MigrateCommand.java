package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointException;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code migrate} command line: moves, verifies and inspects stream migrations between
 * endpoints named by URIs. Subcommands: {@code run}, {@code verify}, {@code replay-check}, {@code
 * plan}, {@code checkpoints}, {@code assess}, {@code demo}. Exit codes are those of {@link
 * ExitCode}.
 *
 * <p>Operator errors (bad options, URIs, files) print one line naming what is wrong, then the
 * usage (for a plan file, a pointer to its format instead), and exit {@link ExitCode#USAGE}; a
 * failing migration prints its error's message and exits
 * {@link ExitCode#FAILED}. Neither prints a stack trace; the environment variable {@code
 * MIGRATE_DEBUG=1} adds one to a failure, for bug reports.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    version = "migrate 0.1.0-SNAPSHOT",
    description =
        "Moves a live stream of records between endpoints without loss, duplication "
            + "or reordering; verifies and inspects the result.",
    subcommands = {
      RunCommand.class,
      VerifyCommand.class,
      ReplayCheckCommand.class,
      PlanCommand.class,
      CheckpointsCommand.class,
      AssessCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done (migration ended, verification passed)",
      "  1  migration or read failed",
      "  2  usage or configuration error",
      "  3  verification gate failed (verify, replay-check, run --cutover --verify)",
      "  10 run --cutover: not caught up in time (stopped, resumable)",
      "  11 run --cutover: --before-drain failed, nothing drained",
      "  12 run --cutover: drained, but --after-drain failed"
    })
public final class MigrateCommand implements Runnable {

  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Every endpoint family this build can use. */
  static EndpointRegistry endpoints() {
    return EndpointRegistry.standard();
  }

  /** The configured command line: converters, error handling and exit codes. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new MigrateCommand());
    cl.setExecutionExceptionHandler(MigrateCommand::handle);
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * Turns exceptions from a command into a message and an exit code; stack traces only on request.
   */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof PlanFileException) {
      // The usage would not help with a plan file; its format would.
      err.println("migrate " + cl.getCommandName() + ": " + e.getMessage());
      err.println("The plan file format: migrate plan --help, or the README's Command line section.");
      err.flush();
      return ExitCode.USAGE;
    }
    if (e instanceof EndpointException
        || e instanceof UsageException
        || e instanceof MigrationConfigException) {
      err.println("migrate " + cl.getCommandName() + ": " + e.getMessage());
      cl.usage(err);
      err.flush();
      return ExitCode.USAGE;
    }
    List<String> lines = failure(e);
    err.println("migrate " + cl.getCommandName() + " failed: " + lines.get(0));
    lines.subList(1, lines.size()).forEach(line -> err.println("  " + line));
    if (debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.FAILED;
  }

  /**
   * A failure as an operator reads it: its message (with the exception's type unless it is one of
   * ours), then one {@code caused by: ...} line per cause.
   */
  static List<String> failure(Throwable e) {
    List<String> lines = new ArrayList<>();
    String what = e instanceof MigrationException ? "" : e.getClass().getSimpleName() + ": ";
    lines.add(what + e.getMessage());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      lines.add("caused by: " + c.getMessage());
    }
    return lines;
  }

  /** True if {@code MIGRATE_DEBUG=1} asks for stack traces. */
  static boolean debug() {
    return "1".equals(System.getenv("MIGRATE_DEBUG"));
  }
}
