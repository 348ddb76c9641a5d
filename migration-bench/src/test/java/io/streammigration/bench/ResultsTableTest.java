package io.streammigration.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The results table pairs each benchmark with the baseline of the same inputs, and judges a
 * target MET, MISSED or INCONCLUSIVE from the error bars, never from the point estimate alone.
 */
class ResultsTableTest {

  private static final String PREFIX = "io.streammigration.bench.EngineThroughputBenchmark.";

  private static String run(String method, String params, double score, double error, Double alloc) {
    String secondary =
        alloc == null
            ? "{}"
            : "{\"gc.alloc.rate.norm\": {\"score\": " + alloc + ", \"scoreUnit\": \"B/op\"}}";
    return "{\"benchmark\": \"" + PREFIX + method + "\", \"mode\": \"thrpt\", \"params\": {" + params
        + "}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": " + error
        + ", \"scoreUnit\": \"ops/s\"}, \"secondaryMetrics\": " + secondary + "}";
  }

  private static JsonNode json(String... runs) throws Exception {
    return new ObjectMapper().readTree("[" + String.join(",", runs) + "]");
  }

  private static String engine(String protocol, String size, double score, double error) {
    return run("engine", "\"protocol\": \"" + protocol + "\", \"recordSize\": \"" + size + "\"",
        score, error, 0.05);
  }

  private static String baseline(String size, double score, double error) {
    return run("baselineCopyLoop", "\"recordSize\": \"" + size + "\"", score, error, 0.0);
  }

  @Test
  void eachBenchmarkIsComparedWithTheBaselineOfItsOwnInputs() throws Exception {
    JsonNode root =
        json(
            baseline("100", 200e6, 1e6),
            baseline("1024", 100e6, 1e6),
            engine("AT_LEAST_ONCE_100MS", "1024", 50e6, 1e6));
    List<ResultsTable.Result> results = ResultsTable.parse(root);

    String table = ResultsTable.render(results, root, "test");

    assertThat(table).contains("| 50.00 M ± 1.00 M | 100.00 M ± 1.00 M | 0.50 |");
  }

  @Test
  void aTargetIsMetOnlyIfThePessimisticEndOfTheErrorBarsMeetsIt() throws Exception {
    List<ResultsTable.Result> clear =
        ResultsTable.parse(
            json(
                baseline("100", 100e6, 1e6),
                engine("AT_LEAST_ONCE_100MS", "100", 60e6, 1e6),
                engine("EXACTLY_ONCE_100MS", "100", 60e6, 1e6)));
    List<ResultsTable.Result> noisy =
        ResultsTable.parse(
            json(
                baseline("100", 100e6, 90e6),
                engine("AT_LEAST_ONCE_100MS", "100", 60e6, 1e6),
                engine("EXACTLY_ONCE_100MS", "100", 60e6, 1e6)));
    List<ResultsTable.Result> slow =
        ResultsTable.parse(
            json(
                baseline("100", 100e6, 1e6),
                engine("AT_LEAST_ONCE_100MS", "100", 20e6, 1e6),
                engine("EXACTLY_ONCE_100MS", "100", 20e6, 1e6)));

    assertThat(Targets.judge(clear).get(0)).startsWith("MET:");
    assertThat(Targets.judge(noisy).get(0)).startsWith("INCONCLUSIVE");
    assertThat(Targets.judge(slow).get(0)).startsWith("MISSED:");
  }
}
