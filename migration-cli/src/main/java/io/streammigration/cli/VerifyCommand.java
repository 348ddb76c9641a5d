package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.verify.ErrorCounts;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.Verifier;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
 *
 * <p>{@code --max-error-ratio} adds core's error-ratio gate, with the run's dead letters and
 * records from a checkpoint in {@code --state-dir} ({@link #errorCounts}).
 *
 * <p>{@code --follow} verifies continuously ({@link Following}): both sides are followed as they
 * grow, each drift is printed as it is found ({@link DriftPrinter}), and Ctrl-C or SIGTERM stops
 * following; the verifier then catches up, the final report is printed and the process exits with
 * the gates' code (not the signal's).
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
          + " destination that keeps headers (framed files, kafka:).",
      "With --follow it keeps comparing as records arrive on both sides (the source must"
          + " follow: follow=true), printing each drift (MISSING, DUPLICATE, LATE, UNEXPECTED"
          + " record) as one line as it is found; Ctrl-C or SIGTERM stops following, reads what"
          + " is in flight until both sides stayed idle for --idle-timeout (waiting at most that"
          + " plus 1m), prints the final report and exits with its code."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # after checkpoint 12, up to the checkpoint a cutover drained to",
      "  migrate verify --from kafka://old:9092/orders --to kafka://new:9092/orders \\",
      "    --state-dir orders.state --after-checkpoint 12 --up-to-checkpoint 40",
      "  # a live migration: compare both sides as they grow, until Ctrl-C",
      "  migrate verify --follow --from 'file:/var/log/app.log?format=lines&follow=true' \\",
      "    --to file:/data/archive --idle-timeout 2s",
      "  # a run that started at a time: the same URI reads the same records",
      "  migrate verify --from 'kafka://old:9092/orders?start=2026-01-01T00:00:00Z' \\",
      "    --to file:/data/orders",
      "A run with start=latest cannot be verified from its start (the end it meant has moved"
          + " on): use --after-checkpoint, or the time the run started as start=<time>."
    })
final class VerifyCommand implements Callable<Integer> {

  /** Default {@code --idle-timeout}. */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** How much longer than the idle timeout a stopped {@code --follow} may take to catch up. */
  static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(1);

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
      names = "--max-error-ratio",
      paramLabel = "<ratio>",
      description =
          "Also require (errors + dead letters) / records at most this, from 0 to 1 (e.g."
              + " 0.001). The counts are the run's, from its checkpoint in --state-dir (the"
              + " --up-to-checkpoint one if given, else the newest), so --state-dir is required;"
              + " they are cumulative from the run's start.")
  Double maxErrorRatio;

  @Option(
      names = "--follow",
      description =
          "Verify continuously: follow both sides as they grow, print each drift as it is"
              + " found, and on Ctrl-C or SIGTERM catch up, print the final report and exit with"
              + " its code.")
  boolean follow;

  @Option(
      names = "--window",
      paramLabel = "<records>",
      description =
          "Records remembered per partition to tell a duplicate, late or missing record from"
              + " an unexpected one, 1 to 1048576 (default: "
              + Verifier.DEFAULT_WINDOW
              + "). Memory grows with it.")
  Integer window;

  @Option(
      names = "--drift-lines",
      paramLabel = "<n>",
      defaultValue = "1000",
      description =
          "With --follow: print at most this many drifts as they are found (default:"
              + " ${DEFAULT-VALUE}); the report counts them all.")
  long driftLines;

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
              + " --after-checkpoint and --up-to-checkpoint and the counts of --max-error-ratio"
              + " are read ('migrate checkpoints list' lists them).")
  Path stateDir;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Mixin KafkaConfigOption kafkaConfig;

  /**
   * Arms what stops a following verification and returns what disarms it: by default a shutdown
   * hook (Ctrl-C, SIGTERM); tests stop the {@link Following} themselves.
   */
  Function<Following, Runnable> followStop =
      following ->
          Following.stopOnShutdown(
              following, idleTimeout.plus(CATCH_UP_MARGIN), spec.commandLine().getErr());

  @Override
  public Integer call() {
    EndpointOptions options =
        EndpointOptions.of(Optional.empty(), kafkaConfig.file(), "--kafka-config");
    URI source = EndpointRegistry.parse("--from", from);
    URI destination = EndpointRegistry.parse("--to", to);
    List<Gate> gates = gates();
    if (window != null && (window < 1 || window > 1 << 20)) {
      throw new UsageException("--window must be from 1 to 1048576 records, was " + window);
    }
    if (!follow && spec.commandLine().getParseResult().hasMatchedOption("--drift-lines")) {
      throw new UsageException("--drift-lines belongs to --follow: add --follow");
    }
    if (driftLines < 0) {
      throw new UsageException("--drift-lines must be 0 or more, was " + driftLines);
    }
    boolean ranged = afterCheckpoint != null || upToCheckpoint != null;
    // With only --max-error-ratio, the state directory names no range.
    VerifyRange range =
        VerifyRange.of(
            Optional.ofNullable(stateDir).filter(d -> ranged || maxErrorRatio == null),
            optional(afterCheckpoint),
            optional(upToCheckpoint));
    Optional<ErrorCounts> errors = Optional.empty();
    if (maxErrorRatio != null) {
      if (stateDir == null) {
        throw new UsageException(
            "--max-error-ratio reads the run's record and dead-letter counts from its last"
                + " checkpoint: give --state-dir <dir>, as given to 'migrate run'");
      }
      errors = Optional.of(errorCounts(stateDir, range));
    }
    PrintWriter out = spec.commandLine().getOut();
    Verification.Settings settings =
        new Verification.Settings(
            gates,
            idleTimeout,
            window == null ? Verifier.DEFAULT_WINDOW : window,
            errors,
            Optional.empty());
    if (follow) {
      return follow(source, destination, options, range, settings, out);
    }
    return print(
        Verification.of(MigrateCommand.endpoints(), source, destination, options, range, settings),
        json,
        out);
  }

  private List<Gate> gates() {
    List<Gate> gates = new ArrayList<>(List.of(gate));
    if (maxP99 != null) {
      gates.add(Gate.maxP99Latency(maxP99));
    }
    if (maxErrorRatio != null) {
      if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
        throw new UsageException(
            "--max-error-ratio must be from 0 to 1 (a fraction of the records), was "
                + maxErrorRatio);
      }
      gates.add(Gate.maxErrorRatio(maxErrorRatio));
    }
    return gates;
  }

  /** {@code --follow}: verifies until stopped, printing drifts; returns the gates' exit code. */
  private int follow(
      URI source,
      URI destination,
      EndpointOptions options,
      VerifyRange range,
      Verification.Settings settings,
      PrintWriter out) {
    Following following = new Following(new DriftPrinter(out, json, driftLines));
    Runnable disarm = followStop.apply(following);
    int code = ExitCode.FAILED;
    try {
      Verification verification =
          Verification.of(
              MigrateCommand.endpoints(),
              source,
              destination,
              options,
              range,
              new Verification.Settings(
                  settings.gates(),
                  settings.idleTimeout(),
                  settings.window(),
                  settings.errors(),
                  Optional.of(following)));
      code = print(verification, json, out);
      return code;
    } catch (RuntimeException e) {
      if (!following.stopRequested()) {
        throw e;
      }
      // The stop ends the JVM with our code as soon as we finish: say why now, not later.
      PrintWriter err = spec.commandLine().getErr();
      List<String> lines = MigrateCommand.failure(e);
      err.println("migrate verify failed: " + lines.get(0));
      lines.subList(1, lines.size()).forEach(line -> err.println("  " + line));
      err.flush();
      return ExitCode.FAILED;
    } finally {
      following.finished(code);
      disarm.run();
    }
  }

  private static OptionalLong optional(Long id) {
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /**
   * The run's counts for {@code --max-error-ratio}: from the range's end checkpoint if it has one
   * (the counts then match what is verified), else from the newest intact checkpoint in {@code
   * stateDir}, read without opening a store as {@link VerifyRange} reads them.
   *
   * @throws UsageException if the state directory holds no intact checkpoint
   */
  static ErrorCounts errorCounts(Path stateDir, VerifyRange range) {
    Checkpoint checkpoint =
        range
            .upTo()
            .orElseGet(
                () -> {
                  Path dir = CheckpointsCommand.checkpointsIn(stateDir, "--state-dir");
                  return FileCheckpointStore.peek(dir).stream()
                      .flatMap(stored -> stored.checkpoint().stream())
                      .max(Comparator.comparingLong(Checkpoint::id))
                      .orElseThrow(
                          () ->
                              new UsageException(
                                  "--max-error-ratio: --state-dir "
                                      + stateDir
                                      + " holds no intact checkpoint to read the run's counts"
                                      + " from (see 'migrate checkpoints list')"));
                });
    // A checkpoint's records count every source record read, dead letters included; it keeps no
    // error count, since a record that fails without a dead-letter route stops the run.
    return new ErrorCounts(checkpoint.records(), 0, checkpoint.deadLetters());
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
        Verification.of(
            MigrateCommand.endpoints(),
            from,
            to,
            options,
            range,
            Verification.Settings.of(gates, idleTimeout));
    return print(verification, json, out);
  }

  /** Prints the verification; returns its exit code. */
  private static int print(Verification verification, boolean json, PrintWriter out) {
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
