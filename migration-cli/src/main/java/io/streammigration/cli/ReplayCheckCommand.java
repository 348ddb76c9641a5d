package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate replay-check}: reads a range of a run's checkpoints from the source twice, each
 * time with a fresh source, and compares the two reads partition by partition ({@link
 * ReplayCheck}); exits {@link ExitCode#OK} if they are equal and {@link
 * ExitCode#VERIFICATION_FAILED} if not. What it proves: resuming from a checkpoint of that range
 * re-reads exactly what the run read, so a crash there loses and changes nothing; what breaks it
 * is a source whose data changed in place (rewritten files, compacted topics, expired retention)
 * or that does not honour the resume contract.
 */
@Command(
    name = "replay-check",
    mixinStandardHelpOptions = true,
    description = {
      "Read a checkpointed range of the source twice, each time afresh, and check that both"
          + " reads give the same records in the same order: what resuming from a checkpoint"
          + " relies on. Prints each partition's record count and order digest (SHA-256 over the"
          + " records' content hashes, provenance headers left out, as 'migrate verify' hashes"
          + " them) and whether the reads match. Exit code 0 when they do, 3 when a partition"
          + " differs, a read ended before the range's end (the source no longer holds it) or"
          + " met corrupt data."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  migrate replay-check --from 'file:/var/log/app?format=lines&rotation=app.log' \\",
      "    --state-dir app.state --after-checkpoint 12 --up-to-checkpoint 40"
    })
final class ReplayCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "<uri>",
      description = "Source endpoint, as given to 'migrate run --from'.")
  String from;

  @Option(
      names = "--state-dir",
      required = true,
      paramLabel = "<dir>",
      description =
          "The state directory given to 'migrate run', where the checkpoints are read ('migrate"
              + " checkpoints list' lists them).")
  Path stateDir;

  @Option(
      names = "--after-checkpoint",
      paramLabel = "<id>",
      description =
          "Read from just after this checkpoint's positions (partitions it does not name from"
              + " the source's start). Default: from the source's start.")
  Long afterCheckpoint;

  @Option(
      names = "--up-to-checkpoint",
      required = true,
      paramLabel = "<id>",
      description =
          "Read up to and including this checkpoint's positions, in the partitions it names.")
  long upToCheckpoint;

  @Option(
      names = "--idle-timeout",
      paramLabel = "<duration>",
      defaultValue = "10s",
      converter = Converters.PositiveDuration.class,
      description =
          "Stop a read that delivered nothing this long before the range's end; the check then"
              + " fails (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Mixin KafkaConfigOption kafkaConfig;

  @Override
  public Integer call() {
    EndpointOptions options =
        EndpointOptions.of(Optional.empty(), kafkaConfig.file(), "--kafka-config");
    URI source = EndpointRegistry.parse("--from", from);
    VerifyRange range =
        VerifyRange.of(
            Optional.of(stateDir),
            afterCheckpoint == null ? OptionalLong.empty() : OptionalLong.of(afterCheckpoint),
            OptionalLong.of(upToCheckpoint));
    return check(
        MigrateCommand.endpoints(),
        source,
        options,
        range,
        idleTimeout,
        json,
        spec.commandLine().getOut(),
        () -> {});
  }

  /**
   * Runs the check, prints it and returns the exit code.
   *
   * @param betweenReads runs between the two reads: nothing, but a test changes the data there
   */
  static int check(
      EndpointRegistry registry,
      URI from,
      EndpointOptions options,
      VerifyRange range,
      Duration idleTimeout,
      boolean json,
      PrintWriter out,
      Runnable betweenReads) {
    ReplayCheck check = ReplayCheck.run(registry, from, options, range, idleTimeout, betweenReads);
    out.println(json ? check.json() : check.text().stripTrailing());
    out.flush();
    return check.passed() ? ExitCode.OK : ExitCode.VERIFICATION_FAILED;
  }
}
