package io.streammigration.core.verify;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one verification: the {@link Findings} and each gate's verdict. The migration is
 * verified ({@link #passed()}) only if every gate passed. Immutable.
 *
 * <p>Two renderings: {@link #summary()} for people, {@link #toJson()} for tools. The JSON document
 * is one object: {@code passed}, {@code sourceStop}, {@code destinationStop}, {@code
 * sourceRecords}, {@code destinationRecords}, {@code gates} (array of {@code {gate, passed,
 * reason}}), {@code latencyMillis} ({@code count, p50, p90, p99, p999, max}), {@code errors}
 * (object or null) and {@code partitions} (array, one object per partition with its digests,
 * counts and {@code firstDivergence}). 64-bit multiset values are hex strings, so that JSON
 * readers with double-precision numbers do not round them.
 */
public final class VerificationReport {

  private final Findings findings;
  private final List<GateResult> gates;

  public VerificationReport(Findings findings, List<GateResult> gates) {
    this.findings = Objects.requireNonNull(findings, "findings");
    this.gates = List.copyOf(gates);
  }

  public Findings findings() {
    return findings;
  }

  /** Each gate's verdict, in the order the gates were given. */
  public List<GateResult> gates() {
    return gates;
  }

  /** True if every gate passed. */
  public boolean passed() {
    return gates.stream().allMatch(GateResult::passed);
  }

  /** A multi-line, human-readable account: verdict, gates, latency, then each partition. */
  public String summary() {
    StringBuilder s =
        new StringBuilder("Verification ")
            .append(passed() ? "PASSED" : "FAILED")
            .append(": source ")
            .append(findings.sourceRecords())
            .append(" records (")
            .append(findings.sourceStop())
            .append("), destination ")
            .append(findings.destinationRecords())
            .append(" records (")
            .append(findings.destinationStop())
            .append(")\n");
    for (GateResult g : gates) {
      s.append("  gate ").append(g).append('\n');
    }
    s.append("  latency ").append(findings.latency()).append('\n');
    findings
        .errors()
        .ifPresent(
            e ->
                s.append("  errors ")
                    .append(e.errors())
                    .append(", dead letters ")
                    .append(e.deadLetters())
                    .append(" of ")
                    .append(e.processed())
                    .append(" processed\n"));
    for (PartitionReport p : findings.partitions().values()) {
      s.append("  ").append(p).append('\n');
    }
    return s.toString();
  }

  /** The report as a JSON document (see the class comment for its fields). */
  public String toJson() {
    JsonWriter json = new JsonWriter();
    json.beginObject()
        .field("passed", passed())
        .field("sourceStop", findings.sourceStop().name())
        .field("destinationStop", findings.destinationStop().name())
        .field("sourceRecords", findings.sourceRecords())
        .field("destinationRecords", findings.destinationRecords())
        .name("gates")
        .beginArray();
    gates.forEach(g -> g.writeTo(json));
    json.endArray().name("latencyMillis");
    findings.latency().writeTo(json);
    json.name("errors");
    if (findings.errors().isPresent()) {
      findings.errors().get().writeTo(json);
    } else {
      json.nullValue();
    }
    json.name("partitions").beginArray();
    findings.partitions().values().forEach(p -> p.writeTo(json));
    return json.endArray().endObject().toJson();
  }

  @Override
  public String toString() {
    return summary();
  }
}
