package io.streammigration.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns JMH's JSON output into {@code results.md}: one row per benchmark with its figure, the
 * figure of its baseline from the same run, their ratio and the allocation per operation, then the
 * machine, then the targets the issue sets, judged from the numbers.
 *
 * <p>Which baseline goes with which benchmark is the list {@link #PAIRS}; a baseline matches a
 * benchmark when every parameter the baseline has takes the same value in both. Benchmarks of the
 * file and Kafka adapters add their pairs here (for example a file-to-file copy with {@code
 * FileChannel.transferTo}, or MirrorMaker 2 for Kafka to Kafka).
 *
 * <p>Usage: {@code ResultsTable <jmh-result.json> <results.md> [profile]}.
 */
public final class ResultsTable {

  /** A benchmark method and the baseline method it is compared with, by simple class.method name. */
  record Pair(String benchmark, String baseline) {}

  static final List<Pair> PAIRS =
      List.of(
          new Pair("EngineThroughputBenchmark.engine", "EngineThroughputBenchmark.baselineCopyLoop"),
          new Pair("OrderingGuardBenchmark.guard", "OrderingGuardBenchmark.baselineNoGuard"),
          new Pair("CheckpointCodecBenchmark.encode", "CheckpointCodecBenchmark.baselinePlainEncode"),
          new Pair("CheckpointCodecBenchmark.decode", "CheckpointCodecBenchmark.baselinePlainDecode"),
          new Pair("FileMigrationBenchmark.migrate", "FileMigrationBenchmark.baselineFileChannelCopy"));

  /** One JMH result: a benchmark under one set of parameters. */
  record Result(
      String name,
      Map<String, String> params,
      double score,
      double error,
      String unit,
      Optional<Double> allocPerOp,
      Map<String, Double> extra) {

    /** "Class.method", without the package. */
    String shortName() {
      String[] parts = name.split("\\.");
      return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    String paramText() {
      StringBuilder s = new StringBuilder();
      params.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
      return s.toString();
    }
  }

  private ResultsTable() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ResultsTable <jmh-result.json> <results.md> [profile]");
      System.exit(2);
    }
    JsonNode root = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    String profile = args.length > 2 ? args[2] : "unspecified";
    String markdown = render(parse(root), root, profile);
    Files.writeString(Path.of(args[1]), markdown, StandardCharsets.UTF_8);
    System.out.print(markdown);
  }

  static List<Result> parse(JsonNode root) {
    List<Result> results = new ArrayList<>();
    for (JsonNode run : root) {
      Map<String, String> params = new LinkedHashMap<>();
      JsonNode p = run.path("params");
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode primary = run.path("primaryMetric");
      Optional<Double> alloc = Optional.empty();
      Map<String, Double> extra = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = run.path("secondaryMetrics").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        // Older JMH versions prefix secondary metric names with a middle dot.
        String key = e.getKey().replaceFirst("^\u00b7", "");
        double value = e.getValue().path("score").asDouble(Double.NaN);
        if (key.equals("gc.alloc.rate.norm")) {
          alloc = Optional.of(value);
        } else if (!key.startsWith("gc.") && !Double.isNaN(value)) {
          extra.put(key, value);
        }
      }
      results.add(
          new Result(
              run.path("benchmark").asText(),
              params,
              primary.path("score").asDouble(Double.NaN),
              primary.path("scoreError").asDouble(Double.NaN),
              primary.path("scoreUnit").asText(),
              alloc,
              extra));
    }
    return results;
  }

  /** The baseline result of {@code r} in this run, if its pair was measured. */
  static Optional<Result> baselineOf(Result r, List<Result> all) {
    Optional<String> baselineName =
        PAIRS.stream().filter(p -> p.benchmark().equals(r.shortName())).map(Pair::baseline).findFirst();
    if (baselineName.isEmpty()) {
      return Optional.empty();
    }
    return all.stream()
        .filter(b -> b.shortName().equals(baselineName.get()))
        .filter(b -> b.params().entrySet().stream()
            .allMatch(e -> e.getValue().equals(r.params().get(e.getKey()))))
        .findFirst();
  }

  static boolean isBaseline(Result r) {
    return PAIRS.stream().anyMatch(p -> p.baseline().equals(r.shortName()));
  }

  static String render(List<Result> results, JsonNode root, String profile) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n");
    md.append("Generated by `io.streammigration.bench.ResultsTable` from the JMH JSON of one run")
        .append(" (profile `").append(profile).append("`). Ratio = ours / baseline throughput:")
        .append(" 1.0 means the engine adds nothing, 0.5 that it takes twice the baseline's time;")
        .append(" ns/op is 1 / throughput. Alloc is `gc.alloc.rate.norm`, bytes per operation (per record for the")
        .append(" engine and guard rows).\n\n");
    md.append("| Benchmark | Parameters | Ours | Baseline | Ratio | Unit | Ours ns/op | Baseline ns/op | Alloc ours (B/op) | Alloc baseline (B/op) |\n");
    md.append("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
    for (Result r : results) {
      if (isBaseline(r)) {
        continue;
      }
      Optional<Result> b = baselineOf(r, results);
      md.append("| ").append(r.shortName())
          .append(" | ").append(r.paramText())
          .append(" | ").append(number(r.score())).append(errorText(r))
          .append(" | ").append(b.map(x -> number(x.score()) + errorText(x)).orElse("n/a"))
          .append(" | ").append(b.map(x -> String.format(Locale.ROOT, "%.2f", r.score() / x.score())).orElse("n/a"))
          .append(" | ").append(r.unit())
          .append(" | ").append(nanosPerOp(r))
          .append(" | ").append(b.map(ResultsTable::nanosPerOp).orElse("-"))
          .append(" | ").append(r.allocPerOp().map(ResultsTable::alloc).orElse("-"))
          .append(" | ").append(b.flatMap(Result::allocPerOp).map(ResultsTable::alloc).orElse("-"))
          .append(" |\n");
    }
    appendExtras(md, results);
    md.append("\n## Machine\n\n");
    JsonNode first = root.size() > 0 ? root.get(0) : null;
    md.append("- Cores: ").append(Runtime.getRuntime().availableProcessors()).append(cpuModel()).append('\n');
    if (first != null) {
      md.append("- JDK: ").append(first.path("jdkVersion").asText()).append(", ")
          .append(first.path("vmName").asText()).append(' ').append(first.path("vmVersion").asText())
          .append("; JMH ").append(first.path("jmhVersion").asText()).append('\n');
      md.append("- Run: ").append(first.path("forks").asInt()).append(" fork(s), ")
          .append(first.path("warmupIterations").asInt()).append(" x ").append(first.path("warmupTime").asText())
          .append(" warmup, ").append(first.path("measurementIterations").asInt()).append(" x ")
          .append(first.path("measurementTime").asText()).append(" measurement\n");
    }
    md.append("- OS: ").append(System.getProperty("os.name")).append(' ')
        .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append('\n');
    md.append("- Date: ")
        .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append('\n');
    md.append("\n## Targets\n\n");
    for (String line : Targets.judge(results)) {
      md.append("- ").append(line).append('\n');
    }
    return md.toString();
  }

  /** Secondary metrics a benchmark reports besides JMH's own (latency percentiles, rates). */
  private static void appendExtras(StringBuilder md, List<Result> results) {
    List<Result> withExtras = results.stream().filter(r -> !r.extra().isEmpty()).toList();
    if (withExtras.isEmpty()) {
      return;
    }
    md.append("\nOther figures the benchmarks report:\n\n");
    for (Result r : withExtras) {
      md.append("- ").append(r.shortName()).append(r.params().isEmpty() ? "" : " (" + r.paramText() + ")").append(": ");
      StringBuilder parts = new StringBuilder();
      r.extra().forEach((k, v) -> parts.append(parts.length() == 0 ? "" : ", ").append(k).append(' ').append(number(v)));
      md.append(parts).append('\n');
    }
  }

  private static String errorText(Result r) {
    return Double.isNaN(r.error()) ? "" : " ± " + number(r.error());
  }

  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    double abs = Math.abs(v);
    if (abs >= 1e9) {
      return String.format(Locale.ROOT, "%.2f G", v / 1e9);
    }
    if (abs >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    }
    if (abs >= 1e4) {
      return String.format(Locale.ROOT, "%.1f k", v / 1e3);
    }
    return String.format(Locale.ROOT, abs >= 100 ? "%.0f" : "%.3g", v);
  }

  /** The time one operation takes, from a throughput score: easier to add up than rates. */
  static String nanosPerOp(Result r) {
    if (!r.unit().equals("ops/s") || !(r.score() > 0)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.3g", 1e9 / r.score());
  }

  private static String alloc(double bytes) {
    return bytes < 0.01 ? "≈ 0" : String.format(Locale.ROOT, "%.3g", bytes);
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")")
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
