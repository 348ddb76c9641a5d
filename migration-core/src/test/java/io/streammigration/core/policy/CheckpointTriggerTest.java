package io.streammigration.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckpointTriggerTest {

  private static final long MS = 1_000_000L;

  @Test
  void everyRecordsIsDueAtTheCountAndNotBefore() {
    CheckpointTrigger trigger = CheckpointTrigger.everyRecords(100);
    assertThat(trigger.isDue(99, 0, Long.MAX_VALUE)).isFalse();
    assertThat(trigger.isDue(100, 0, 0)).isTrue();
  }

  @Test
  void everyBytesIsDueAtTheSizeAndNotBefore() {
    CheckpointTrigger trigger = CheckpointTrigger.everyBytes(1024);
    assertThat(trigger.isDue(1_000_000, 1023, 0)).isFalse();
    assertThat(trigger.isDue(1, 1024, 0)).isTrue();
  }

  @Test
  void everyDurationIsDueOnceTheIntervalHasPassed() {
    CheckpointTrigger trigger = CheckpointTrigger.every(Duration.ofMillis(100));
    assertThat(trigger.isDue(1, 1, 99 * MS)).isFalse();
    assertThat(trigger.isDue(1, 1, 100 * MS)).isTrue();
  }

  @Test
  void orIsDueWhenEitherIs() {
    CheckpointTrigger trigger =
        CheckpointTrigger.everyRecords(10).or(CheckpointTrigger.every(Duration.ofMillis(5)));
    assertThat(trigger.isDue(10, 0, 0)).isTrue();
    assertThat(trigger.isDue(1, 0, 5 * MS)).isTrue();
    assertThat(trigger.isDue(9, 0, 4 * MS)).isFalse();
  }

  @Test
  void andIsDueOnlyWhenBothAre() {
    CheckpointTrigger trigger =
        CheckpointTrigger.everyRecords(10).and(CheckpointTrigger.everyBytes(100));
    assertThat(trigger.isDue(10, 99, 0)).isFalse();
    assertThat(trigger.isDue(9, 100, 0)).isFalse();
    assertThat(trigger.isDue(10, 100, 0)).isTrue();
  }

  @Test
  void everyBatchIsAlwaysDue() {
    assertThat(CheckpointTrigger.everyBatch().isDue(1, 0, 0)).isTrue();
  }

  @Test
  void nonPositiveLimitsAreRejectedNamingTheFactory() {
    assertThatThrownBy(() -> CheckpointTrigger.everyRecords(0)).hasMessageContaining("everyRecords");
    assertThatThrownBy(() -> CheckpointTrigger.everyBytes(-1)).hasMessageContaining("everyBytes");
    assertThatThrownBy(() -> CheckpointTrigger.every(Duration.ZERO)).hasMessageContaining("every");
  }
}
