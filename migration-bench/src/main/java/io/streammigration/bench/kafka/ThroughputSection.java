package io.streammigration.bench.kafka;

import io.streammigration.bench.ResultsTable;
import io.streammigration.bench.kafka.KafkaRun.Measured;
import io.streammigration.core.engine.DeliveryGuarantee;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Kafka throughput section of {@code results.md}: a row per contender with its median rate
 * and range over the repetitions, our ratio to it, and the targets of the benchmark issue judged
 * from those numbers (never typed in).
 */
final class ThroughputSection {

  /** Least EXACTLY_ONCE rate of ours over MirrorMaker 2's exactly-once. */
  static final double MIN_RATIO_TO_MM2_EXACTLY_ONCE = 2.0;

  /** Least AT_LEAST_ONCE rate of ours over the raw consumer/producer loop. */
  static final double MIN_RATIO_TO_RAW_AT_LEAST_ONCE = 0.9;

  private ThroughputSection() {}

  static String render(String profile, BenchData.Filled source, int repetitions, int mirrorMakerRepetitions,
      boolean withMirrorMaker, List<Measured> all) {
    double bytesPerRecord = (double) source.valueBytes() / source.records();
    StringBuilder s = new StringBuilder();
    s.append("\n## Kafka to Kafka throughput\n\n");
    s.append(String.format(Locale.ROOT,
        "`KafkaRun` (profile `%s`): %s records (keyed, %,d keys; values %d to %,d B, %.0f B on average) in a"
            + " topic of %d partitions on the in-JVM KRaft broker (`KafkaTestBroker`, kafka 4.4.0, a"
            + " single node, log in /tmp). Each contender copies all of them to a fresh topic of %d"
            + " partitions, %d times (MirrorMaker 2: %d), interleaved with the others. Rate = records / (broker append time"
            + " of the last copied record - that of the first), the destination topic having"
            + " `LogAppendTime`: start-up is left out, and MirrorMaker 2 in its own JVM is timed the"
            + " same way as the rest. Every copy was read back (read_committed for exactly-once) and"
            + " checked: per-partition counts equal the source's, sequence numbers rise (no loss,"
            + " duplicate or reordering).%n%n",
        profile, ResultsTable.number(source.records()), BenchData.KEYS, BenchData.MIN_VALUE, BenchData.MAX_VALUE,
        bytesPerRecord, KafkaRun.PARTITIONS, KafkaRun.PARTITIONS, repetitions, mirrorMakerRepetitions));
    s.append("| Guarantee | Contender | records/s (median) | range | MB/s of values | Ours / this | Wall-clock records/s | CPU µs/record, JVM | CPU µs/record, copier threads | Checkpoint ms (share of run) |\n");
    s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Measured m : all) {
      Optional<Measured> ours = ours(all, m.contender.guarantee());
      s.append("| ").append(m.contender.guarantee())
          .append(" | ").append(m.contender.name());
      if (m.rate.isEmpty()) {
        s.append(" | not measured | | | | | | | |\n");
        continue;
      }
      s.append(" | ").append(ResultsTable.number(m.rate.median()))
          .append(" | ").append(ResultsTable.number(m.rate.min())).append(" - ").append(ResultsTable.number(m.rate.max()))
          .append(" | ").append(String.format(Locale.ROOT, "%.1f", m.rate.median() * bytesPerRecord / 1e6))
          .append(" | ").append(ours.filter(o -> !o.rate.isEmpty())
              .map(o -> String.format(Locale.ROOT, "%.2f", o.rate.median() / m.rate.median())).orElse("n/a"))
          .append(" | ").append(m.wallRate.isEmpty() ? "-" : ResultsTable.number(m.wallRate.median()))
          .append(" | ").append(m.cpuMicrosPerRecord.isEmpty() ? "-"
              : String.format(Locale.ROOT, "%.2f", m.cpuMicrosPerRecord.median()))
          .append(" | ").append(m.copierCpuMicrosPerRecord.isEmpty() ? "-"
              : String.format(Locale.ROOT, "%.2f", m.copierCpuMicrosPerRecord.median()))
          .append(" | ").append(m.checkpointMillis.isEmpty() ? "-"
              : String.format(Locale.ROOT, "%.1f (%.0f%%)", m.checkpointMillis.median(), 100 * m.checkpointShare.median()))
          .append(" |\n");
    }
    s.append('\n');
    all.stream().filter(m -> m.contender instanceof MirrorMaker2 && !m.startupMillis.isEmpty()).forEach(m ->
        s.append(String.format(Locale.ROOT,
            "- MirrorMaker 2 %s start-up (process launch to its first record appended): median %.1f s (%.1f to %.1f s), not in its rate.%n",
            m.contender.guarantee(), m.startupMillis.median() / 1e3, m.startupMillis.min() / 1e3, m.startupMillis.max() / 1e3)));
    if (!withMirrorMaker) {
      s.append("- MirrorMaker 2 not run: no class path file given (run.sh resolves it).\n");
    }
    s.append("- Wall-clock records/s (in-JVM contenders only): from the call that builds the clients to"
        + " the last commit, client start-up included. CPU µs/record (in-JVM contenders only): CPU"
        + " time of the whole JVM (broker included, the same work for every contender) over that"
        + " span, per record: steadier than the rates on a shared machine. Copier threads: CPU time of"
        + " the threads running the copying code only (ours: the engine's reader and writer; raw"
        + " loop: its one thread; two-thread loop: its two), not the clients' I/O threads nor the broker."
        + " Checkpoint ms: the average"
        + " time the copying thread spends in one checkpoint (flush and store, or commit), and the"
        + " share of the run it stood still for them; the next interval starts when one ends.\n");
    if (all.stream().anyMatch(m -> m.contender instanceof RawTwoThreadLoop)) {
      s.append("- Raw two-thread loop (at-least-once only, not the baseline of a target): the raw loop split"
          + " over a consumer thread and a sending thread with a queue of " + RawTwoThreadLoop.DEPTH
          + " polls between them, as our engine is split. Ours / this is the engine's cost beyond the"
          + " split; this row against the one-thread raw loop is the cost of the split itself (each record"
          + " is built on one core and sent from another).\n");
    }
    s.append(String.format(Locale.ROOT,
        "- Every contender: one consumer and one producer, a checkpoint (flush + store, or commit) every %d ms;"
            + " producer: enable.idempotence=true, acks=all, %s; consumer: %s. MirrorMaker 2: dedicated mode,"
            + " connect-mirror 4.3.1, `tasks.max=1`; its settings are in README.md.%n",
        EngineCopy.CHECKPOINT_EVERY.toMillis(), ClientTuning.describe(ClientTuning.PRODUCER),
        ClientTuning.describe(ClientTuning.CONSUMER)));
    for (Measured m : all) {
      m.failures.forEach(f -> s.append("- FAILED ").append(m.contender.guarantee()).append(' ')
          .append(m.contender.name()).append(' ').append(f).append('\n'));
    }
    s.append("\nTargets:\n\n");
    judge(all).forEach(line -> s.append("- ").append(line).append('\n'));
    return s.toString();
  }

  static List<String> judge(List<Measured> all) {
    List<String> lines = new ArrayList<>();
    lines.add(target(all, DeliveryGuarantee.EXACTLY_ONCE, MirrorMaker2.class, MIN_RATIO_TO_MM2_EXACTLY_ONCE,
        "EXACTLY_ONCE at least %.1fx MirrorMaker 2 exactly-once"));
    lines.add(target(all, DeliveryGuarantee.AT_LEAST_ONCE, RawCopyLoop.class, MIN_RATIO_TO_RAW_AT_LEAST_ONCE,
        "AT_LEAST_ONCE at least %.1fx the raw consumer/producer loop"));
    return lines;
  }

  /**
   * Judged from two estimates of the ratio, which must agree: the ratio of the medians, and the
   * median of the paired ratios (ours over the baseline in the same repetition; each repetition
   * runs the contenders back to back, so a slow spell of the shared machine, which lasts tens of
   * seconds, slows both of a pair and cancels out in its ratio). MET if both reach the target,
   * MISSED if both fall short, otherwise INCONCLUSIVE. The extreme ratios over the repetitions'
   * ranges are given for information.
   */
  private static String target(
      List<Measured> all, DeliveryGuarantee g, Class<?> baselineType, double minRatio, String what) {
    String title = String.format(Locale.ROOT, what, minRatio);
    Optional<Measured> ours = ours(all, g).filter(m -> !m.rate.isEmpty());
    Optional<Measured> base = all.stream()
        .filter(m -> m.contender.guarantee() == g && baselineType.isInstance(m.contender) && !m.rate.isEmpty())
        .findFirst();
    if (ours.isEmpty() || base.isEmpty()) {
      return "NOT MEASURED: " + title;
    }
    Samples o = ours.get().rate;
    Samples b = base.get().rate;
    double ratio = o.median() / b.median();
    Samples paired = pairedRatios(ours.get(), base.get());
    double pairedMedian = paired.isEmpty() ? Double.NaN : paired.median();
    boolean both = ratio >= minRatio && pairedMedian >= minRatio;
    boolean neither = ratio < minRatio && pairedMedian < minRatio;
    String verdict = both ? "MET:" : neither ? "MISSED:" : "INCONCLUSIVE (the two estimates disagree):";
    String line = String.format(Locale.ROOT,
        "%s %s: %.2fx (ratio of the medians); %.2fx (median of %d paired repetitions, %.2fx to %.2fx);"
            + " %.2fx to %.2fx over the repetitions' ranges",
        verdict, title, ratio, pairedMedian, paired.count(), paired.min(), paired.max(), o.min() / b.max(),
        o.max() / b.min());
    if (!ours.get().cpuMicrosPerRecord.isEmpty() && !base.get().cpuMicrosPerRecord.isEmpty()) {
      // What each record costs moves less with the machine's other load than the rates do.
      line += String.format(Locale.ROOT, "; CPU per record, ours / this: %.2f for the whole JVM, %.2f for the copier threads",
          ours.get().cpuMicrosPerRecord.median() / base.get().cpuMicrosPerRecord.median(),
          ours.get().copierCpuMicrosPerRecord.median() / base.get().copierCpuMicrosPerRecord.median());
    }
    return line;
  }

  /** Ours over the baseline, for each repetition both completed. */
  static Samples pairedRatios(Measured ours, Measured base) {
    Samples ratios = new Samples();
    ours.rateByRepetition.forEach((repetition, rate) -> {
      Double baseRate = base.rateByRepetition.get(repetition);
      if (baseRate != null) {
        ratios.add(rate / baseRate);
      }
    });
    return ratios;
  }

  private static Optional<Measured> ours(List<Measured> all, DeliveryGuarantee g) {
    return all.stream().filter(m -> m.contender.ours() && m.contender.guarantee() == g).findFirst();
  }
}
