package io.streammigration.bench;

import io.streammigration.bench.ResultsTable.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The performance targets of the benchmark issue, judged from one run's results, never assumed:
 * a target whose figures were not measured says so.
 */
final class Targets {

  /** Least engine/baseline ratio for AT_LEAST_ONCE with 100-byte records. */
  static final double MIN_RATIO = 0.5;

  /** Least engine rate for AT_LEAST_ONCE with 100-byte records, records/s. */
  static final double MIN_RATE = 10_000_000;

  /** Most EXACTLY_ONCE (100 ms commits) may trail AT_LEAST_ONCE. */
  static final double MAX_EXACTLY_ONCE_LOSS = 0.05;

  /** Bytes per record under which the engine counts as allocation-free per record. */
  static final double MAX_ALLOC_PER_RECORD = 1.0;

  private Targets() {}

  static List<String> judge(List<Result> results) {
    List<String> lines = new ArrayList<>();
    Optional<Result> alo = engine(results, "AT_LEAST_ONCE_100MS", "100");
    Optional<Result> eo = engine(results, "EXACTLY_ONCE_100MS", "100");
    Optional<Result> baseline = alo.flatMap(r -> ResultsTable.baselineOf(r, results));
    if (alo.isPresent() && baseline.isPresent()) {
      double ratio = alo.get().score() / baseline.get().score();
      lines.add(verdict(ratio >= MIN_RATIO)
          + String.format(Locale.ROOT, " AT_LEAST_ONCE, 100 B records, at least %.1fx the copy loop: %.2fx", MIN_RATIO, ratio));
    } else {
      lines.add("NOT MEASURED: AT_LEAST_ONCE, 100 B records, against the copy loop");
    }
    alo.ifPresentOrElse(
        r -> lines.add(verdict(r.score() >= MIN_RATE)
            + " AT_LEAST_ONCE, 100 B records, at least 10 M records/s: " + ResultsTable.number(r.score()) + " records/s"),
        () -> lines.add("NOT MEASURED: AT_LEAST_ONCE rate"));
    if (alo.isPresent() && eo.isPresent()) {
      double loss = 1 - eo.get().score() / alo.get().score();
      lines.add(verdict(loss <= MAX_EXACTLY_ONCE_LOSS)
          + String.format(Locale.ROOT,
              " EXACTLY_ONCE with 100 ms commits within 5%% of AT_LEAST_ONCE (100 B): %+.1f%% (error bars: ±%s and ±%s records/s)",
              -loss * 100, ResultsTable.number(eo.get().error()), ResultsTable.number(alo.get().error())));
    } else {
      lines.add("NOT MEASURED: EXACTLY_ONCE against AT_LEAST_ONCE");
    }
    List<Result> engineRuns = results.stream()
        .filter(r -> r.shortName().equals("EngineThroughputBenchmark.engine"))
        .toList();
    if (engineRuns.isEmpty() || engineRuns.stream().anyMatch(r -> r.allocPerOp().isEmpty())) {
      lines.add("NOT MEASURED: allocation per record (run with -prof gc)");
    } else {
      double worst = engineRuns.stream().mapToDouble(r -> r.allocPerOp().get()).max().orElseThrow();
      lines.add(verdict(worst < MAX_ALLOC_PER_RECORD)
          + String.format(Locale.ROOT,
              " no allocation per record in the engine (under 1 B/record amortized): worst %.3f B/record over %d engine runs",
              worst, engineRuns.size()));
    }
    return lines;
  }

  private static Optional<Result> engine(List<Result> results, String protocol, String size) {
    return results.stream()
        .filter(r -> r.shortName().equals("EngineThroughputBenchmark.engine"))
        .filter(r -> Map.of("protocol", protocol, "recordSize", size).entrySet().stream()
            .allMatch(e -> e.getValue().equals(r.params().get(e.getKey()))))
        .findFirst();
  }

  private static String verdict(boolean met) {
    return met ? "MET:" : "MISSED:";
  }
}
