package io.streammigration.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.LatencySnapshot;
import io.streammigration.core.engine.MigrationResult;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorCountsTest {

  @Test
  void deadLettersAreAmongTheRecordsACheckpointCoversNotAddedToThem() {
    // 1,000 source records covered, 50 of them dead-lettered: 5%, not 50 / 1,050.
    Checkpoint last = Checkpoint.builder(7).records(1_000).deadLetters(50).build();
    MigrationResult result = result(Optional.of(last), 400, 50);

    ErrorCounts counts = ErrorCounts.of(result, 0);

    assertThat(counts.processed()).as("cumulative, from the checkpoint").isEqualTo(1_000);
    assertThat(counts.deadLetters()).isEqualTo(50);
    assertThat(counts.ratio()).isEqualTo(0.05);
  }

  @Test
  void withoutACheckpointTheRunsRecordsAreTheProcessedOnes() {
    ErrorCounts counts = ErrorCounts.of(result(Optional.empty(), 200, 0), 2);

    assertThat(counts.processed()).isEqualTo(200);
    assertThat(counts.ratio()).isEqualTo(0.01);
  }

  private static MigrationResult result(Optional<Checkpoint> last, long records, long deadLetters) {
    return new MigrationResult(
        "m", Optional.empty(), last, records, 0, 0, deadLetters, 1, Duration.ofSeconds(1),
        LatencySnapshot.EMPTY, true);
  }
}
