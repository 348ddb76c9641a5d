package io.streammigration.core.verify;

import io.streammigration.core.error.MigrationConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The gates {@link Gate}'s factories return. */
final class StandardGates {

  static final Gate EXACT =
      new PartitionGate("exact-equality", PartitionReport::identical, "identical");

  static final Gate DEDUPLICATED =
      new PartitionGate(
          "equal-ignoring-duplicates",
          PartitionReport::equalIgnoringDuplicates,
          "equal once duplicates are removed");

  private StandardGates() {}

  /** Passes if every partition satisfies the predicate; names the first few that do not. */
  record PartitionGate(String name, Predicate<PartitionReport> test, String what) implements Gate {

    private static final int NAMED = 5;

    @Override
    public GateResult evaluate(Findings findings) {
      List<String> failing = new ArrayList<>();
      int failed = 0;
      for (PartitionReport p : findings.partitions().values()) {
        if (!test.test(p)) {
          failed++;
          if (failing.size() < NAMED) {
            failing.add(describe(p));
          }
        }
      }
      if (failed == 0) {
        return new GateResult(
            name, true, "all " + findings.partitions().size() + " partitions " + what);
      }
      return new GateResult(
          name,
          false,
          failed
              + " of "
              + findings.partitions().size()
              + " partitions not "
              + what
              + ": "
              + String.join("; ", failing)
              + (failed > NAMED ? "; ..." : ""));
    }

    private static String describe(PartitionReport p) {
      StringBuilder s =
          new StringBuilder(p.partition().name())
              .append(" (source ")
              .append(p.source().count())
              .append(", destination ")
              .append(p.destination().count())
              .append(", missing ")
              .append(p.missing())
              .append(", duplicates ")
              .append(p.duplicates())
              .append(", late ")
              .append(p.late())
              .append(", unexpected ")
              .append(p.unexpected());
      if (!p.aligned()) {
        s.append(", alignment given up");
      }
      p.firstDivergence().ifPresent(d -> s.append(", first divergence at #").append(d.index()));
      return s.append(')').toString();
    }
  }

  record MaxP99Latency(Duration max) implements Gate {

    MaxP99Latency {
      Objects.requireNonNull(max, "max");
      if (max.isNegative()) {
        throw new MigrationConfigException("maxP99Latency", "must be >= 0, was " + max);
      }
    }

    @Override
    public String name() {
      return "max-p99-latency";
    }

    @Override
    public GateResult evaluate(Findings findings) {
      LatencyPercentiles l = findings.latency();
      if (l.count() == 0) {
        return new GateResult(name(), false, "no latency measured (no matched records)");
      }
      boolean ok = l.p99() <= max.toMillis();
      return new GateResult(
          name(), ok, "p99 " + l.p99() + " ms " + (ok ? "<=" : ">") + " " + max.toMillis() + " ms");
    }
  }

  record MaxErrorRatio(double max) implements Gate {

    MaxErrorRatio {
      if (!(max >= 0.0 && max <= 1.0)) {
        throw new MigrationConfigException("maxErrorRatio", "must be in [0, 1], was " + max);
      }
    }

    @Override
    public String name() {
      return "max-error-ratio";
    }

    @Override
    public GateResult evaluate(Findings findings) {
      if (findings.errors().isEmpty()) {
        return new GateResult(name(), false, "no error counts were supplied");
      }
      ErrorCounts e = findings.errors().get();
      boolean ok = e.ratio() <= max;
      return new GateResult(
          name(),
          ok,
          "error ratio "
              + e.ratio()
              + " ("
              + e.errors()
              + " errors + "
              + e.deadLetters()
              + " dead letters of "
              + e.processed()
              + ") "
              + (ok ? "<=" : ">")
              + " "
              + max);
    }
  }
}
