package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.MigrationStatus;
import io.streammigration.core.engine.MigrationStatus.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

  @Test
  void theLineShowsRateThroughputLagAndTheLastCheckpoint() {
    ProgressReporter reporter =
        new ProgressReporter(null, new PrintWriter(new StringWriter()), false, Duration.ofSeconds(1));
    MigrationStatus status =
        new MigrationStatus(
            "m",
            Phase.BACKFILL,
            Optional.of(Instant.now()),
            12_345,
            0,
            5_000.4,
            OptionalLong.of(42),
            Map.of(),
            3,
            Optional.of(Checkpoint.builder(7).build()),
            Optional.of(Instant.now().minusSeconds(2)),
            0,
            0,
            Optional.empty());

    String line = reporter.line(status);

    assertThat(line)
        .startsWith("BACKFILL: 12,345 records committed, 5,000 records/s, 0.00 MB/s, lag 42,")
        .containsPattern("last checkpoint #7 [23]s ago$");
  }

  @Test
  void aMessageOnATerminalClearsTheProgressLineFirstAndStandsOnItsOwnLine() {
    StringWriter text = new StringWriter();
    ProgressReporter reporter =
        new ProgressReporter(null, new PrintWriter(text), true, Duration.ofSeconds(1));

    reporter.show("BACKFILL: 12 records");
    reporter.say("cutover: caught up");
    reporter.show("CAUGHT_UP: 20");

    assertThat(text.toString())
        .isEqualTo(
            "\rBACKFILL: 12 records"
                + "\r" + " ".repeat(20) + "\r"
                + "cutover: caught up" + System.lineSeparator()
                + "\rCAUGHT_UP: 20");
  }
}
