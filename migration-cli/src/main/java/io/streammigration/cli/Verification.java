package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.cli.endpoint.EndpointResolver;
import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.spi.Source;
import io.streammigration.core.verify.ErrorCounts;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.GateResult;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What verifying a destination against its source found: the {@link Verifier}'s report, or corrupt
 * data on either side, which stops reading and fails the verification (with its partition,
 * position and file), and the range of the source that was verified. Shared by {@code migrate
 * verify}, {@code migrate plan} and the demo.
 *
 * @param report the verifier's report, when reading got to the end
 * @param corruption the corrupt data that stopped reading, otherwise
 * @param range the part of the source verified
 * @param movingStart the source's moving start parameter ({@code start=latest}), if it has one
 */
record Verification(
    Optional<VerificationReport> report,
    Optional<SourceCorruptionException> corruption,
    VerifyRange range,
    Optional<String> movingStart) {

  Verification {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(corruption, "corruption");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(movingStart, "movingStart");
    if (report.isPresent() == corruption.isPresent()) {
      throw new IllegalArgumentException("a verification has a report or a corruption, not both");
    }
  }

  /**
   * How a verification reads and judges, besides its endpoints and range.
   *
   * @param gates the gates, at least one
   * @param idleTimeout how long a side may deliver nothing before reading it stops (while
   *     following: once following was stopped)
   * @param window records remembered per partition to classify drifts ({@link
   *     Verifier.Builder#window})
   * @param errors the migration's error and dead-letter counts, for {@link Gate#maxErrorRatio}
   * @param following present to follow both sides live until it is stopped, telling it each
   *     drift; the source must then follow its input (not end by itself)
   */
  record Settings(
      List<Gate> gates,
      Duration idleTimeout,
      int window,
      Optional<ErrorCounts> errors,
      Optional<Following> following) {

    Settings {
      gates = List.copyOf(gates);
      if (gates.isEmpty()) {
        throw new IllegalArgumentException("a verification needs a gate");
      }
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(errors, "errors");
      Objects.requireNonNull(following, "following");
    }

    /** {@code gates} and {@code idleTimeout}; the default window, no error counts, no following. */
    static Settings of(List<Gate> gates, Duration idleTimeout) {
      return new Settings(
          gates, idleTimeout, Verifier.DEFAULT_WINDOW, Optional.empty(), Optional.empty());
    }
  }

  /**
   * {@link #of(EndpointRegistry, URI, URI, EndpointOptions, VerifyRange, Settings)} of the whole
   * source.
   */
  static Verification of(
      EndpointRegistry registry,
      URI from,
      URI to,
      EndpointOptions options,
      List<Gate> gates,
      Duration idleTimeout) {
    return of(
        registry, from, to, options, VerifyRange.whole(), Settings.of(gates, idleTimeout));
  }

  /**
   * Reads {@code range} of {@code from} and the destination {@code to} back (blocking, on this
   * thread) and judges them by the settings' gates. Following, it reads on as both sides grow
   * until {@link Following#stop} is called, then catches up.
   *
   * @throws UsageException if the source starts at a point that moves with time (Kafka's {@code
   *     start=latest}) and the range has no start checkpoint ({@link
   *     VerifyRange#requireFixedStart}); following, if the source ends by itself or the range has
   *     an end (either would end the comparison while the destination is still followed)
   * @throws io.streammigration.cli.endpoint.EndpointException following a destination that cannot
   *     be read back live
   * @throws io.streammigration.core.error.MigrationException if either side cannot be read
   */
  static Verification of(
      EndpointRegistry registry,
      URI from,
      URI to,
      EndpointOptions options,
      VerifyRange range,
      Settings settings) {
    EndpointResolver sourceEndpoint = registry.resolverFor(from);
    Optional<String> movingStart = sourceEndpoint.movingStart(from);
    range.requireFixedStart(from, movingStart, "verify");
    Optional<Following> following = settings.following();
    if (following.isPresent()) {
      if (sourceEndpoint.bounded(from, options)) {
        throw new UsageException(
            "--follow compares records as they arrive, but --from "
                + from
                + " ends by itself at the end of its input; give a source that follows new"
                + " records (file: or kafka: with follow=true)");
      }
      if (range.upTo().isPresent()) {
        throw new UsageException(
            "--follow compares records as they arrive without end, so --up-to-checkpoint cannot"
                + " end it; leave one out");
      }
    }
    Source source = sourceEndpoint.source(from, options);
    EndpointResolver destinationEndpoint = registry.resolverFor(to);
    Source destination =
        following.isPresent()
            ? destinationEndpoint.readBackFollowing(to, options)
            : destinationEndpoint.readBack(to, options);
    Verifier.Builder builder =
        Verifier.builder()
            .source(source)
            .destination(destination)
            .sourceRange(range.readRange())
            .idleTimeout(settings.idleTimeout())
            .window(settings.window())
            // Pending records must exceed the window so a partition can look ahead.
            .maxPending(Math.max(Verifier.DEFAULT_MAX_PENDING, 2 * settings.window()));
    settings.gates().forEach(builder::gate);
    settings.errors().ifPresent(builder::errorCounts);
    following.ifPresent(f -> builder.driftListener(f.drifts()));
    Verifier verifier = builder.build();
    try {
      VerificationReport report =
          following.isPresent() ? following.get().follow(verifier) : verifier.verify();
      return new Verification(Optional.of(report), Optional.empty(), range, movingStart);
    } catch (SourceCorruptionException e) {
      return new Verification(Optional.empty(), Optional.of(e), range, movingStart);
    }
  }

  boolean passed() {
    return report.map(VerificationReport::passed).orElse(false);
  }

  /**
   * Why it failed, one line per cause: each failed gate as {@code <gate>: <reason>}, or the
   * corrupt data. Empty if it passed.
   */
  List<String> failures() {
    if (corruption.isPresent()) {
      return List.of("corrupt data: " + corruptionText(corruption.get()));
    }
    return report.get().gates().stream()
        .filter(g -> !g.passed())
        .map(g -> g.gate() + ": " + g.reason())
        .toList();
  }

  /** The names of the failed gates ({@code corrupt-data} for corruption). */
  List<String> failedGates() {
    if (corruption.isPresent()) {
      return List.of("corrupt-data");
    }
    return report.get().gates().stream().filter(g -> !g.passed()).map(GateResult::gate).toList();
  }

  /**
   * The verifier's multi-line summary with the range verified as its second line, or one line
   * about the corrupt data and the range.
   */
  String text() {
    String rangeLine = "  " + range.text(movingStart);
    if (corruption.isPresent()) {
      return "Verification FAILED: " + corruptionText(corruption.get()) + "\n" + rangeLine;
    }
    String summary = report.get().summary().stripTrailing();
    int firstLineEnd = summary.indexOf('\n');
    return firstLineEnd < 0
        ? summary + "\n" + rangeLine
        : summary.substring(0, firstLineEnd + 1) + rangeLine + summary.substring(firstLineEnd);
  }

  /**
   * The verifier's JSON report with a {@code range} member ({@link VerifyRange#json()}) after
   * {@code passed}, or {@code {"passed":false,"range":{...},"corruption":{...}}}.
   */
  String json() {
    String head = "{\"passed\":" + passed() + ",";
    String rangeMember = "\"range\":" + range.json() + ",";
    if (report.isPresent()) {
      String json = report.get().toJson();
      // The Verifier's document starts with "passed"; keep it first for people reading it.
      return json.startsWith(head)
          ? head + rangeMember + json.substring(head.length())
          : "{" + rangeMember + json.substring(1);
    }
    return head + rangeMember + "\"corruption\":" + corruptionJson(corruption.get()) + "}";
  }

  /** {@code {"partition", "segment", "offset", "location", "message"}} of corrupt data. */
  static String corruptionJson(SourceCorruptionException e) {
    return "{\"partition\":"
        + Json.string(e.partition().name())
        + ",\"segment\":"
        + e.position().segment()
        + ",\"offset\":"
        + e.position().offset()
        + ",\"location\":"
        + Json.string(e.location())
        + ",\"message\":"
        + Json.string(e.getMessage())
        + "}";
  }

  /** Where corrupt data is and what is wrong with it, in one line. */
  static String corruptionText(SourceCorruptionException e) {
    return "corrupt data in partition "
        + e.partition()
        + " at position "
        + e.position()
        + " ("
        + e.location()
        + "): "
        + e.getMessage();
  }
}
