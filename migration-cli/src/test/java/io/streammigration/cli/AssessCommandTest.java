package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssessCommandTest {

  @TempDir Path tmp;

  @Test
  void countsRecordsAndSegmentsAndEstimatesTheDuration() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 1_200, 3);

    Cli.Result r =
        Cli.migrate(
            "assess",
            "--from",
            Cli.logsUri(logs),
            "--to",
            tmp.resolve("out").toUri().toString(),
            "--throughput",
            "100",
            "--sample",
            "10ms");

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            "1 partitions, 1,200 records",
            "partition logs: 3 segments",
            "growth: 0.0 records/s",
            "estimate: PT12S at 100 records/s",
            "suggested --checkpoint-every: 1000 records",
            "destination free space:");
  }

  @Test
  void jsonHasTheCounts() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 50, 1);

    Cli.Result r = Cli.migrate("assess", "--from", Cli.logsUri(logs), "--json", "--sample", "10ms");

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("\"records\":50", "\"segments\":1", "\"estimatedSeconds\":null");
  }
}
