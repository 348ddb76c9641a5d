package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.cli.endpoint.EndpointResolver;
import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.spi.Source;
import io.streammigration.core.verify.GateResult;
import io.streammigration.core.verify.Gate;
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
   * {@link #of(EndpointRegistry, URI, URI, EndpointOptions, List, Duration, VerifyRange)} of the
   * whole source.
   */
  static Verification of(
      EndpointRegistry registry,
      URI from,
      URI to,
      EndpointOptions options,
      List<Gate> gates,
      Duration idleTimeout) {
    return of(registry, from, to, options, gates, idleTimeout, VerifyRange.whole());
  }

  /**
   * Reads {@code range} of {@code from} and the destination {@code to} back (blocking, on this
   * thread) and judges them by {@code gates}.
   *
   * @throws UsageException if the source starts at a point that moves with time (Kafka's {@code
   *     start=latest}) and the range has no start checkpoint: what the run read can then not be
   *     read again, and comparing anything else would report a bogus mismatch
   * @throws io.streammigration.core.error.MigrationException if either side cannot be read
   */
  static Verification of(
      EndpointRegistry registry,
      URI from,
      URI to,
      EndpointOptions options,
      List<Gate> gates,
      Duration idleTimeout,
      VerifyRange range) {
    EndpointResolver sourceEndpoint = registry.resolverFor(from);
    Optional<String> movingStart = sourceEndpoint.movingStart(from);
    if (movingStart.isPresent() && range.after().isEmpty()) {
      throw new UsageException(
          "--from "
              + from
              + ": "
              + movingStart.get()
              + " names no fixed records at verify time (it means the end when a source opens,"
              + " which has moved on since the run started), so what the run read cannot be read"
              + " again. Verify what the run migrated after one of its checkpoints"
              + " (--state-dir <its state dir> --after-checkpoint <id>, see 'migrate checkpoints"
              + " list'), or give the time the run started instead, as in"
              + " start=2026-01-01T00:00:00Z");
    }
    Source source = sourceEndpoint.source(from, options);
    Source destination = registry.resolverFor(to).readBack(to, options);
    Verifier.Builder verifier =
        Verifier.builder()
            .source(source)
            .destination(destination)
            .sourceRange(range.readRange())
            .idleTimeout(idleTimeout);
    gates.forEach(verifier::gate);
    try {
      return new Verification(
          Optional.of(verifier.build().verify()), Optional.empty(), range, movingStart);
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
    SourceCorruptionException e = corruption.get();
    return head
        + rangeMember
        + "\"corruption\":{\"partition\":"
        + Json.string(e.partition().name())
        + ",\"segment\":"
        + e.position().segment()
        + ",\"offset\":"
        + e.position().offset()
        + ",\"location\":"
        + Json.string(e.location())
        + ",\"message\":"
        + Json.string(e.getMessage())
        + "}}";
  }

  private static String corruptionText(SourceCorruptionException e) {
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
