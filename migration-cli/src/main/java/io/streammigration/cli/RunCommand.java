package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.policy.CheckpointTrigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate run}: moves records from {@code --from} to {@code --to} until a bounded source
 * ends or the process is asked to stop (then with a final checkpoint). Run it again with the same
 * options to resume. See {@link MigrationJob} for what each guarantee uses.
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
      "%nExample:",
      "  migrate run \\",
      "    --from 'kafka://old:9092/orders,refunds?start=2026-01-01T00:00:00Z' \\",
      "    --to 'kafka://new:9092/?rename=orders:orders-v2,refunds:refunds-v2'"
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

  @Option(
      names = "--kafka-config",
      paramLabel = "<file>",
      description = "Kafka client properties for kafka: endpoints; never printed.")
  Path kafkaConfig;

  @Override
  public Integer call() {
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
                Optional.ofNullable(stateDir), Optional.ofNullable(kafkaConfig), "--kafka-config"));
    // A failed run throws; the command line turns that into ExitCode.FAILED with its message.
    job.run(
        MigrateCommand.endpoints(),
        spec.commandLine().getOut(),
        System.console() != null,
        progressEvery);
    return ExitCode.OK;
  }
}
