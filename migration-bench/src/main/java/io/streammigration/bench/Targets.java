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
      Result a = alo.get();
      Result b = baseline.get();
      double ratio = a.score() / b.score();
      // The ratio's range if both scores sit anywhere in their 99.9% intervals.
      double low = (a.score() - err(a)) / (b.score() + err(b));
      double high = b.score() > err(b) ? (a.score() + err(a)) / (b.score() - err(b)) : Double.POSITIVE_INFINITY;
      lines.add(verdict(low >= MIN_RATIO, high < MIN_RATIO)
          + String.format(Locale.ROOT,
              " AT_LEAST_ONCE, 100 B records, at least %.1fx the copy loop: %.2fx (%.2fx to %s from the error bars)",
              MIN_RATIO, ratio, Math.max(0, low), Double.isInfinite(high) ? "unbounded" : String.format(Locale.ROOT, "%.2fx", high)));
    } else {
      lines.add("NOT MEASURED: AT_LEAST_ONCE, 100 B records, against the copy loop");
    }
    alo.ifPresentOrElse(
        r -> lines.add(verdict(r.score() - err(r) >= MIN_RATE, r.score() + err(r) < MIN_RATE)
            + " AT_LEAST_ONCE, 100 B records, at least 10 M records/s: " + ResultsTable.number(r.score())
            + " ± " + ResultsTable.number(err(r)) + " records/s"),
        () -> lines.add("NOT MEASURED: AT_LEAST_ONCE rate"));
    if (alo.isPresent() && eo.isPresent()) {
      double loss = 1 - eo.get().score() / alo.get().score();
      double worstLoss = 1 - (eo.get().score() - err(eo.get())) / (alo.get().score() + err(alo.get()));
      double bestLoss = 1 - (eo.get().score() + err(eo.get())) / Math.max(1, alo.get().score() - err(alo.get()));
      lines.add(verdict(worstLoss <= MAX_EXACTLY_ONCE_LOSS, bestLoss > MAX_EXACTLY_ONCE_LOSS)
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
      lines.add(verdict(worst < MAX_ALLOC_PER_RECORD, worst >= MAX_ALLOC_PER_RECORD)
          + String.format(Locale.ROOT,
              " no allocation per record in the engine (under 1 B/record amortized): worst %.3f B/record over %d engine runs",
              worst, engineRuns.size()));
    }
    lines.addAll(fileToFile(results));
    return lines;
  }

  /** Least EXACTLY_ONCE file-to-file / FileChannel-copy ratio, for each record format. */
  static final double MIN_FILE_RATIO = 0.5;

  /** EXACTLY_ONCE file to file against the FileChannel copy of the same bytes, per format. */
  private static List<String> fileToFile(List<Result> results) {
    List<String> lines = new ArrayList<>();
    for (String format : List.of("FRAMED", "NEWLINE_DELIMITED")) {
      String what =
          String.format(Locale.ROOT,
              "EXACTLY_ONCE file to file (%s, 1 KiB records, 100 ms commits), at least %.1fx the FileChannel copy",
              format, MIN_FILE_RATIO);
      Optional<Result> eo = results.stream()
          .filter(r -> r.shortName().equals("FileMigrationBenchmark.migrate"))
          .filter(r -> format.equals(r.params().get("format"))
              && "EXACTLY_ONCE".equals(r.params().get("guarantee")))
          .findFirst();
      Optional<Result> baseline = eo.flatMap(r -> ResultsTable.baselineOf(r, results));
      if (eo.isEmpty() || baseline.isEmpty()) {
        lines.add("NOT MEASURED: " + what);
        continue;
      }
      Result a = eo.get();
      Result b = baseline.get();
      double low = (a.score() - err(a)) / (b.score() + err(b));
      double high = b.score() > err(b) ? (a.score() + err(a)) / (b.score() - err(b)) : Double.POSITIVE_INFINITY;
      lines.add(verdict(low >= MIN_FILE_RATIO, high < MIN_FILE_RATIO)
          + String.format(Locale.ROOT, " %s: %.2fx (%.2fx to %s from the error bars); %s MB/s against %s MB/s",
              what, a.score() / b.score(), Math.max(0, low),
              Double.isInfinite(high) ? "unbounded" : String.format(Locale.ROOT, "%.2fx", high),
              megabytes(a), megabytes(b)));
    }
    return lines;
  }

  /** The MB/s a file benchmark counts in its {@code mbPerSecond} counter, if it reported one. */
  private static String megabytes(Result r) {
    Double mb = r.extra().get("mbPerSecond");
    return mb == null ? "?" : ResultsTable.number(mb);
  }

  private static Optional<Result> engine(List<Result> results, String protocol, String size) {
    return results.stream()
        .filter(r -> r.shortName().equals("EngineThroughputBenchmark.engine"))
        .filter(r -> Map.of("protocol", protocol, "recordSize", size).entrySet().stream()
            .allMatch(e -> e.getValue().equals(r.params().get(e.getKey()))))
        .findFirst();
  }

  /** The score's 99.9% error, or 0 when JMH could not compute one (a single iteration). */
  private static double err(Result r) {
    return Double.isNaN(r.error()) ? 0 : r.error();
  }

  /**
   * MET if even the pessimistic end of the error bars meets the target, MISSED if even the
   * optimistic end misses it, and otherwise INCONCLUSIVE: the run was too noisy to tell.
   */
  private static String verdict(boolean metAtWorst, boolean missedAtBest) {
    if (metAtWorst) {
      return "MET:";
    }
    return missedAtBest ? "MISSED:" : "INCONCLUSIVE (error bars straddle the target):";
  }
}
