package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.verify.Gate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate run}: moves records from {@code --from} to {@code --to} until a bounded source
 * ends or the process is asked to stop (then with a final checkpoint). Run it again with the same
 * options to resume. See {@link MigrationJob} for what each guarantee uses. With {@code --cutover}
 * a run of a following source ends with a cutover instead ({@link CutoverRun}), and with {@code
 * --verify} as well the source up to the checkpoint the cutover drained to is then verified
 * against the destination ({@link VerifyCommand#verify}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Migrate records from one endpoint to another; resumes where it stopped.",
    footerHeading = "%nEndpoint parameters (unknown ones are errors):%n",
    footer = {
      "  file: source   format=framed|lines partition=<name> follow=true",
      "                 rotation=<base> per-segment=true registry=<file>",
      "                 torn-tail=fail|stop corruption=fail|skip committed=true",
      "  file: sink     format=framed|lines partition=<name> segment-bytes=<n>",
      "                 prefix=<name>",
      "  kafka: source  kafka://host:port/topic[,topic...]",
      "                 read-committed=true|false gaps=fail|skip follow=true",
      "                 start=earliest|latest|<time: 2026-01-01T00:00:00Z or ms>",
      "                 group=<id> scale-out=true (with group: the runs with the",
      "                 same --id share the partitions; needs an exactly-once",
      "                 kafka: --to with a transactional-id of its own per run;",
      "                 on one cluster the group fences a paused run whose",
      "                 partitions moved; across clusters fencing relies on",
      "                 transaction.timeout.ms < session.timeout.ms)",
      "  kafka: sink    kafka://host:port/topic (every record to it), or",
      "                 kafka://host:port/?rename=a:a2,b:b2 (each topic to its own)",
      "                 partitioning=preserve|by-key|by-source-partition",
      "                 checkpoint-topic=<name> transactional-id=<id>",
      "%nCutover (--cutover, with a source that follows: follow=true):",
      "  waits until the lag stays <= --cutover-lag for --cutover-window, runs",
      "  --before-drain (switch the writers to the new destination; exit once",
      "  nothing more reaches the old stream), drains to where the source ends",
      "  then, stops with a final checkpoint there, prints the last position of",
      "  each partition and runs --after-drain with them in $MIGRATE_END_POSITIONS",
      "  (a file of <partition> TAB <position> lines), $MIGRATE_END_CHECKPOINT and",
      "  $MIGRATE_END_RECORDS. With --verify it then verifies the source up to that",
      "  checkpoint against the destination, as 'migrate verify --up-to-checkpoint'",
      "  would (records the switched writers put in the destination after the drained",
      "  end carry no provenance and are counted out of range, except in a",
      "  format=lines destination, which has no provenance to tell them apart).",
      "  A kafka: source with scale-out=true",
      "  cannot be cut over (each process would drain only its own partitions):",
      "  stop its processes with Ctrl-C or SIGTERM instead. Exit codes:",
      "  0   cutover complete (and, with --verify, verified)",
      "  10  not caught up within --cutover-wait: nothing switched; the run stopped",
      "      with a final checkpoint; run the same command again to retry",
      "  11  --before-drain failed (non-zero exit): nothing drained; the run stopped",
      "      with a final checkpoint; run again to retry",
      "  12  --after-drain failed: the migration drained and stopped (end printed)",
      "  1   the drain failed after --before-drain: run again to finish it",
      "  3   with --verify: the cutover completed, but the verification failed",
      "%nExamples:",
      "  migrate run \\",
      "    --from 'kafka://old:9092/orders,refunds?start=2026-01-01T00:00:00Z' \\",
      "    --to 'kafka://new:9092/?rename=orders:orders-v2,refunds:refunds-v2'",
      "  migrate run --from 'kafka://old:9092/orders?follow=true' \\",
      "    --to kafka://new:9092/orders --cutover --cutover-lag 1000 \\",
      "    --before-drain './switch-producers.sh orders-new' \\",
      "    --after-drain 'cp \"$MIGRATE_END_POSITIONS\" orders.end'"
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "<uri>",
      description =
          "Source endpoint, e.g. file:/var/log/app?format=lines&rotation=app.log or "
              + "kafka://broker:9092/orders,refunds?start=latest")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "<uri>",
      description =
          "Destination endpoint, e.g. file:/data/archive?format=framed, "
              + "kafka://broker:9092/orders?partitioning=by-key or "
              + "kafka://broker:9092/?rename=orders:orders-v2,refunds:refunds-v2")
  String to;

  @Option(
      names = "--guarantee",
      paramLabel = "exactly-once|at-least-once",
      defaultValue = "exactly-once",
      converter = Converters.Guarantee.class,
      description = "Delivery guarantee (default: ${DEFAULT-VALUE}).")
  DeliveryGuarantee guarantee;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "<records>|<duration>",
      converter = Converters.CheckpointEvery.class,
      description =
          "Checkpoint every N records or every duration (500ms, 5s). "
              + "Default: 100000 records or 1s, whichever comes first.")
  CheckpointTrigger checkpointEvery;

  @Option(
      names = "--rate",
      paramLabel = "<records/s>",
      description = "Throttle writes to this many records per second.")
  Double rate;

  @Option(
      names = "--state-dir",
      paramLabel = "<dir>",
      description =
          "Where checkpoints are kept (required for at-least-once; a mirror for "
              + "exactly-once, inspected with 'migrate checkpoints').")
  Path stateDir;

  @Option(
      names = "--id",
      defaultValue = MigrationJob.DEFAULT_ID,
      description = "Migration id (default: ${DEFAULT-VALUE}).")
  String id;

  @Option(
      names = "--progress-every",
      defaultValue = "10s",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description = "How often to log progress when not on a terminal (default: ${DEFAULT-VALUE}).")
  Duration progressEvery;

  @Mixin KafkaConfigOption kafkaConfig;

  @Option(
      names = "--cutover",
      description =
          "Finish a live migration: once caught up, run --before-drain, drain to where the"
              + " source ends, stop there, run --after-drain (see below). Needs a source that"
              + " follows new records.")
  boolean cutover;

  @Option(
      names = "--cutover-lag",
      paramLabel = "<lag>",
      description =
          "Caught up means a lag of at most this, in source positions: records for kafka:, bytes"
              + " for file: (default: 0). With live traffic the lag is rarely 0 for long: allow"
              + " what the drain may still read.")
  Long cutoverLag;

  @Option(
      names = "--cutover-window",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description = "How long the lag must stay at or under --cutover-lag (default: 5s).")
  Duration cutoverWindow;

  @Option(
      names = "--cutover-wait",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description =
          "How long to wait for that before giving up with exit code 10 (default: 1h).")
  Duration cutoverWait;

  @Option(
      names = "--drain-timeout",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description = "How long the drain after --before-drain may take (default: 5m).")
  Duration drainTimeout;

  @Option(
      names = "--before-drain",
      paramLabel = "<command>",
      description =
          "Shell command (sh -c) run once caught up, before the drain: switch the writers to the"
              + " new destination, exit 0 once nothing more reaches the old stream. Gets"
              + " $MIGRATE_ID and $MIGRATE_LAG. Non-zero: cutover aborted, exit code 11.")
  String beforeDrain;

  @Option(
      names = "--after-drain",
      paramLabel = "<command>",
      description =
          "Shell command (sh -c) run after the drain with where the old stream ended:"
              + " $MIGRATE_END_POSITIONS, $MIGRATE_END_CHECKPOINT, $MIGRATE_END_RECORDS."
              + " Non-zero: exit code 12.")
  String afterDrain;

  @Option(
      names = "--verify",
      description =
          "With --cutover: once it completed, verify the source up to the checkpoint it drained"
              + " to against the destination and print the summary; exit code 3 if a gate fails."
              + " The gate follows --guarantee: exact, or duplicates-allowed for at-least-once.")
  boolean verify;

  @Override
  public Integer call() {
    Optional<CutoverOptions> cutoverOptions = cutoverOptions();
    MigrationJob job =
        new MigrationJob(
            id,
            EndpointRegistry.parse("--from", from),
            EndpointRegistry.parse("--to", to),
            guarantee,
            checkpointEvery != null
                ? checkpointEvery
                : CheckpointTrigger.everyRecords(100_000)
                    .or(CheckpointTrigger.every(Duration.ofSeconds(1))),
            rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate),
            EndpointOptions.of(
                Optional.ofNullable(stateDir), kafkaConfig.file(), "--kafka-config"));
    // A failed run throws; the command line turns that into ExitCode.FAILED with its message.
    if (cutoverOptions.isPresent()) {
      if (verify) {
        refuseMovingStart(job);
      }
      CutoverRun.Outcome outcome =
          job.runWithCutover(
              MigrateCommand.endpoints(),
              spec.commandLine().getOut(),
              System.console() != null,
              progressEvery,
              cutoverOptions.get());
      return verify && outcome.completed() ? verifyDrained(job, outcome) : outcome.exitCode();
    }
    job.run(
        MigrateCommand.endpoints(),
        spec.commandLine().getOut(),
        System.console() != null,
        progressEvery);
    return ExitCode.OK;
  }

  /**
   * Refuses {@code --verify} before the run when the source starts at a point that moves with
   * time: after the cutover the range from its start could not be read again.
   */
  private static void refuseMovingStart(MigrationJob job) {
    Optional<String> moving =
        MigrateCommand.endpoints().resolverFor(job.from).movingStart(job.from);
    if (moving.isPresent()) {
      throw new UsageException(
          "--verify reads --from "
              + job.from
              + " from where it starts up to the checkpoint the cutover drains to, but "
              + moving.get()
              + " names no fixed records by then. Leave out --verify and afterwards run 'migrate"
              + " verify' with --state-dir, --after-checkpoint <an early checkpoint> and"
              + " --up-to-checkpoint <the one drained to>");
    }
  }

  /**
   * Verifies the source up to the checkpoint the completed cutover drained to against the
   * destination, and prints the report; returns the verification's exit code.
   */
  private int verifyDrained(MigrationJob job, CutoverRun.Outcome outcome) {
    PrintWriter out = spec.commandLine().getOut();
    if (outcome.drainedTo().isEmpty()) {
      out.println("verify: nothing to verify, the old stream was empty");
      out.flush();
      return ExitCode.OK;
    }
    Checkpoint end = outcome.drainedTo().get();
    out.println(
        "verify: the source up to checkpoint #" + end.id() + " against the destination");
    out.flush();
    // The checkpoint in hand is the one drained to; the state directory, if any, is named in the
    // report so the same range can be verified again with 'migrate verify'.
    VerifyRange range =
        VerifyRange.upTo(
            end,
            job.options.stateDir().map(d -> d.resolve("checkpoints").toAbsolutePath().normalize()));
    return VerifyCommand.verify(
        job.from,
        job.to,
        job.options,
        range,
        guarantee == DeliveryGuarantee.EXACTLY_ONCE
            ? Gate.exactEquality()
            : Gate.equalIgnoringDuplicates(),
        Optional.empty(),
        VerifyCommand.DEFAULT_IDLE_TIMEOUT,
        false,
        out);
  }

  /** The cutover asked for, if {@code --cutover}; its other options are refused without it. */
  private Optional<CutoverOptions> cutoverOptions() {
    if (!cutover) {
      for (String option :
          new String[] {
            "--cutover-lag", "--cutover-window", "--cutover-wait", "--drain-timeout",
            "--before-drain", "--after-drain", "--verify"
          }) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new UsageException(option + " belongs to a cutover: add --cutover");
        }
      }
      return Optional.empty();
    }
    return Optional.of(
        new CutoverOptions(
            cutoverLag == null ? 0 : cutoverLag,
            cutoverWindow == null ? Duration.ofSeconds(5) : cutoverWindow,
            cutoverWait == null ? Duration.ofHours(1) : cutoverWait,
            drainTimeout == null ? Duration.ofMinutes(5) : drainTimeout,
            Optional.ofNullable(beforeDrain),
            Optional.ofNullable(afterDrain)));
  }
}
