package io.streammigration.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pacing's schedule on a synthetic clock: when each record becomes due. */
class PacingTest {

  private static final long MS = 1_000_000L;

  @Test
  void recordsAreDueAtTheirOriginalSpacingDividedBySpeed() {
    AtomicLong clock = new AtomicLong(5_000 * MS);
    Pacing pacing = Pacing.atSpeed(2.0, clock::get);

    assertThat(pacing.nanosUntilDue(100_000)).isZero(); // the first record starts the clock
    assertThat(pacing.nanosUntilDue(100_400)).isEqualTo(200 * MS); // 400 ms later, at 2x: 200 ms
    clock.addAndGet(150 * MS);
    assertThat(pacing.nanosUntilDue(100_400)).isEqualTo(50 * MS);
    clock.addAndGet(100 * MS);
    assertThat(pacing.nanosUntilDue(100_400)).isNegative(); // overdue: write at once
  }

  @Test
  void timestampsGoingBackwardsAreDueAtOnce() {
    AtomicLong clock = new AtomicLong();
    Pacing pacing = Pacing.atSpeed(1.0, clock::get);
    pacing.nanosUntilDue(10_000);
    assertThat(pacing.nanosUntilDue(9_000)).isNegative();
  }

  @Test
  void speedMustBePositiveAndFinite() {
    assertThatThrownBy(() -> Pacing.atSpeed(0)).hasMessageStartingWith("pacing.speed");
    assertThatThrownBy(() -> Pacing.atSpeed(Double.POSITIVE_INFINITY)).hasMessageStartingWith("pacing.speed");
  }
}
