package io.streammigration.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file-to-file rows: each guarantee is compared with the FileChannel copy of its own format,
 * and the EXACTLY_ONCE target (half the copy's rate) is judged per format from the error bars.
 */
class FileResultsTest {

  private static final String PREFIX = "io.streammigration.bench.file.FileMigrationBenchmark.";

  private static String run(String method, String params, double score, double error, double mbps) {
    return "{\"benchmark\": \"" + PREFIX + method + "\", \"mode\": \"thrpt\", \"params\": {" + params
        + "}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": " + error
        + ", \"scoreUnit\": \"ops/s\"}, \"secondaryMetrics\": {\"mbPerSecond\": {\"score\": "
        + mbps + ", \"scoreUnit\": \"ops/s\"}}}";
  }

  private static String migrate(String format, String guarantee, double score, double error) {
    return run("migrate", "\"format\": \"" + format + "\", \"guarantee\": \"" + guarantee + "\"",
        score, error, score * 1e-3);
  }

  private static String copy(String format, double score, double error) {
    return run("baselineFileChannelCopy", "\"format\": \"" + format + "\"", score, error, score * 1e-3);
  }

  private static JsonNode json(String... runs) throws Exception {
    return new ObjectMapper().readTree("[" + String.join(",", runs) + "]");
  }

  @Test
  void eachGuaranteeIsComparedWithTheCopyOfItsOwnFormat() throws Exception {
    JsonNode root =
        json(
            copy("FRAMED", 1e6, 1e4),
            copy("NEWLINE_DELIMITED", 2e6, 1e4),
            migrate("NEWLINE_DELIMITED", "AT_LEAST_ONCE", 500e3, 1e4));

    String table = ResultsTable.render(ResultsTable.parse(root), root, "test");

    assertThat(table).contains("| 500.0 k ± 10.0 k | 2.00 M ± 10.0 k | 0.25 |");
    assertThat(table).contains("mbPerSecond 500");
  }

  @Test
  void theExactlyOnceTargetIsJudgedPerFormatFromTheErrorBars() throws Exception {
    List<ResultsTable.Result> results =
        ResultsTable.parse(
            json(
                copy("FRAMED", 1e6, 1e4),
                copy("NEWLINE_DELIMITED", 1e6, 1e4),
                migrate("FRAMED", "EXACTLY_ONCE", 600e3, 1e4),
                migrate("NEWLINE_DELIMITED", "EXACTLY_ONCE", 400e3, 1e4)));

    List<String> lines = Targets.judge(results);

    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("MET:").contains("(FRAMED,").contains("0.60x"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("MISSED:").contains("(NEWLINE_DELIMITED,"));
  }

  @Test
  void aFileTargetWithoutItsFiguresIsNotMeasured() throws Exception {
    List<String> lines = Targets.judge(ResultsTable.parse(json(copy("FRAMED", 1e6, 1e4))));

    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("NOT MEASURED: EXACTLY_ONCE file to file (FRAMED"));
  }
}
