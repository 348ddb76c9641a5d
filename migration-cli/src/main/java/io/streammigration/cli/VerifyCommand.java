package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.verify.Gate;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate verify}: reads the source and the destination (read back through a source over the
 * sink's committed output) with the {@link io.streammigration.core.verify.Verifier}, prints its
 * summary or JSON, and exits {@link ExitCode#VERIFICATION_FAILED} when a gate fails. Corrupt data on either side (a CRC mismatch, an
 * impossible frame) is a failed verification too, reported with its partition, position and file.
 *
 * <p>The source is read from where its URI starts (a Kafka {@code start=<time>} as in the run), or
 * over a {@link VerifyRange} between checkpoints of the run, read from its {@code --state-dir};
 * the report states the range. A source whose start moves with time (Kafka {@code start=latest})
 * is refused without {@code --after-checkpoint}: what the run read cannot be read again.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check that the destination holds exactly what the source holds.",
      "The source is read from where its URI starts (a kafka: start=<time> as in the run) to its"
          + " end, or over a range of a run's checkpoints: --after-checkpoint and/or"
          + " --up-to-checkpoint with the run's --state-dir. Destination records are placed in"
          + " the range by the provenance headers 'migrate run' stamps, so a range needs a"
          + " destination that keeps headers (framed files, kafka:)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # after checkpoint 12, up to the checkpoint a cutover drained to",
      "  migrate verify --from kafka://old:9092/orders --to kafka://new:9092/orders \\",
      "    --state-dir orders.state --after-checkpoint 12 --up-to-checkpoint 40",
      "  # a run that started at a time: the same URI reads the same records",
      "  migrate verify --from 'kafka://old:9092/orders?start=2026-01-01T00:00:00Z' \\",
      "    --to file:/data/orders",
      "A run with start=latest cannot be verified from its start (the end it meant has moved"
          + " on): use --after-checkpoint, or the time the run started as start=<time>."
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "<uri>", description = "Source endpoint.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "<uri>",
      description = "Destination endpoint (as given to 'migrate run --to').")
  String to;

  @Option(
      names = "--gate",
      paramLabel = "exact|duplicates-allowed",
      defaultValue = "exact",
      converter = GateConverter.class,
      description = "exact (exactly-once) or duplicates-allowed (at-least-once). Default: exact.")
  Gate gate;

  @Option(
      names = "--max-p99",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description =
          "Also require end-to-end p99 latency at most this (e.g. 2s). Latency is "
              + "measured against the destination records' timestamps, so it means something only "
              + "for destinations that stamp arrival time; file sinks keep the source's.")
  Duration maxP99;

  @Option(
      names = "--idle-timeout",
      paramLabel = "<duration>",
      defaultValue = "10s",
      converter = Converters.PositiveDuration.class,
      description =
          "Stop reading a live side after it delivered nothing this long "
              + "(default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--after-checkpoint",
      paramLabel = "<id>",
      description =
          "Verify only what comes after this checkpoint of the run (from --state-dir): each"
              + " partition it names from just after its position; others from the source's"
              + " start.")
  Long afterCheckpoint;

  @Option(
      names = "--up-to-checkpoint",
      paramLabel = "<id>",
      description =
          "Verify only up to and including this checkpoint of the run (from --state-dir), in"
              + " the partitions it names; a live source is read until it gets there.")
  Long upToCheckpoint;

  @Option(
      names = "--state-dir",
      paramLabel = "<dir>",
      description =
          "The state directory given to 'migrate run', where the checkpoints of"
              + " --after-checkpoint and --up-to-checkpoint are read ('migrate checkpoints list'"
              + " lists them).")
  Path stateDir;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--kafka-config",
      paramLabel = "<file>",
      description = "Kafka client properties for kafka: endpoints; never printed.")
  Path kafkaConfig;

  @Override
  public Integer call() {
    EndpointOptions options =
        EndpointOptions.of(Optional.empty(), Optional.ofNullable(kafkaConfig), "--kafka-config");
    URI source = EndpointRegistry.parse("--from", from);
    URI destination = EndpointRegistry.parse("--to", to);
    VerifyRange range =
        VerifyRange.of(
            Optional.ofNullable(stateDir), optional(afterCheckpoint), optional(upToCheckpoint));
    return verify(
        source,
        destination,
        options,
        range,
        gate,
        Optional.ofNullable(maxP99),
        idleTimeout,
        json,
        spec.commandLine().getOut());
  }

  private static OptionalLong optional(Long id) {
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** Verifies {@code range} and prints; returns the exit code. Shared with {@code migrate demo}. */
  static int verify(
      URI from,
      URI to,
      EndpointOptions options,
      VerifyRange range,
      Gate gate,
      Optional<Duration> maxP99,
      Duration idleTimeout,
      boolean json,
      PrintWriter out) {
    List<Gate> gates = new ArrayList<>(List.of(gate));
    maxP99.ifPresent(max -> gates.add(Gate.maxP99Latency(max)));
    Verification verification =
        Verification.of(MigrateCommand.endpoints(), from, to, options, gates, idleTimeout, range);
    out.println(json ? verification.json() : verification.text());
    out.flush();
    return verification.passed() ? ExitCode.OK : ExitCode.VERIFICATION_FAILED;
  }

  /** {@code exact} or {@code duplicates-allowed}. */
  static final class GateConverter implements picocli.CommandLine.ITypeConverter<Gate> {
    @Override
    public Gate convert(String value) {
      switch (value) {
        case "exact":
          return Gate.exactEquality();
        case "duplicates-allowed":
          return Gate.equalIgnoringDuplicates();
        default:
          throw new picocli.CommandLine.TypeConversionException(
              "'" + value + "' is not a gate; use exact or duplicates-allowed");
      }
    }
  }
}
