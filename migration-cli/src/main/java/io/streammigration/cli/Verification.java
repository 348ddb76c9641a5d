package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
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
 * position and file). Shared by {@code migrate verify}, {@code migrate plan} and the demo.
 *
 * @param report the verifier's report, when reading got to the end
 * @param corruption the corrupt data that stopped reading, otherwise
 */
record Verification(
    Optional<VerificationReport> report, Optional<SourceCorruptionException> corruption) {

  Verification {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(corruption, "corruption");
    if (report.isPresent() == corruption.isPresent()) {
      throw new IllegalArgumentException("a verification has a report or a corruption, not both");
    }
  }

  /**
   * Reads {@code from} and the destination {@code to} back (blocking, on this thread) and judges
   * them by {@code gates}.
   *
   * @throws io.streammigration.core.error.MigrationException if either side cannot be read
   */
  static Verification of(
      EndpointRegistry registry,
      URI from,
      URI to,
      EndpointOptions options,
      List<Gate> gates,
      Duration idleTimeout) {
    Source source = registry.resolverFor(from).source(from, options);
    Source destination = registry.resolverFor(to).readBack(to, options);
    Verifier.Builder verifier =
        Verifier.builder().source(source).destination(destination).idleTimeout(idleTimeout);
    gates.forEach(verifier::gate);
    try {
      return new Verification(Optional.of(verifier.build().verify()), Optional.empty());
    } catch (SourceCorruptionException e) {
      return new Verification(Optional.empty(), Optional.of(e));
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

  /** The verifier's multi-line summary, or one line about the corrupt data. */
  String text() {
    return report
        .map(r -> r.summary().stripTrailing())
        .orElseGet(() -> "Verification FAILED: " + corruptionText(corruption.get()));
  }

  /** The verifier's JSON report, or {@code {"passed":false,"corruption":{...}}}. */
  String json() {
    if (report.isPresent()) {
      return report.get().toJson();
    }
    SourceCorruptionException e = corruption.get();
    return "{\"passed\":false,\"corruption\":{\"partition\":"
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
