package io.streammigration.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streammigration.core.error.MigrationConfigException;
import org.junit.jupiter.api.Test;

/**
 * The throttle's schedule, checked on a synthetic clock: {@code reserve} says when a caller may
 * proceed, so the achieved rate is computed exactly instead of timed.
 */
class ThrottleTest {

  private static final long SECOND = 1_000_000_000L;

  /** Runs a caller that proceeds as soon as allowed; returns the time it finished. */
  private static long drive(Throttle throttle, int batches, long records, long bytes) {
    long now = 0;
    for (int i = 0; i < batches; i++) {
      now = Math.max(now, throttle.reserve(records, bytes, now));
    }
    return now;
  }

  @Test
  void aGreedyCallerIsHeldToTheRecordRate() {
    Throttle throttle = Throttle.recordsPerSecond(10_000);
    long end = drive(throttle, 1_000, 100, 0); // 100,000 records: 10 s at the limit
    assertThat((double) end / SECOND).isCloseTo(10.0, within(0.1));
  }

  @Test
  void theByteLimitBindsWhenItIsTighter() {
    Throttle throttle = Throttle.of(1_000_000, 1_000_000);
    long end = drive(throttle, 1_000, 10, 10_000); // 10 MB at 1 MB/s, records far below limit
    assertThat((double) end / SECOND).isCloseTo(10.0, within(0.1));
  }

  @Test
  void unlimitedNeverWaits() {
    Throttle throttle = Throttle.of(Throttle.UNLIMITED, Throttle.UNLIMITED);
    assertThat(drive(throttle, 10_000, 1_000_000, 1_000_000)).isZero();
  }

  @Test
  void aLimitChangedMidRunAppliesFromTheNextAcquisition() {
    Throttle throttle = Throttle.recordsPerSecond(1_000);
    long halfway = drive(throttle, 100, 10, 0); // 1,000 records at 1,000/s: ~1 s
    throttle.setRecordsPerSecond(100);
    long now = halfway;
    for (int i = 0; i < 100; i++) {
      now = Math.max(now, throttle.reserve(10, 0, now)); // 1,000 more records at 100/s: ~10 s
    }
    assertThat((double) halfway / SECOND).isCloseTo(1.0, within(0.1));
    assertThat((double) (now - halfway) / SECOND).isCloseTo(10.0, within(0.2));
  }

  @Test
  void idleTimeEarnsNoMoreThanOneBurst() {
    Throttle throttle = Throttle.recordsPerSecond(1_000);
    throttle.reserve(1, 0, 0);
    long idleUntil = 100 * SECOND;
    // After 100 idle seconds a greedy caller still only gets the burst (50 records) for free.
    long end = 0;
    long now = idleUntil;
    for (int i = 0; i < 1_000; i++) {
      end = Math.max(now, throttle.reserve(1, 0, now));
      now = end;
    }
    assertThat((double) (end - idleUntil) / SECOND).isCloseTo(0.95, within(0.02));
  }

  @Test
  void nonPositiveLimitsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> Throttle.recordsPerSecond(0))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessageStartingWith("recordsPerSecond");
    Throttle throttle = Throttle.bytesPerSecond(1);
    assertThatThrownBy(() -> throttle.setBytesPerSecond(-5)).hasMessageStartingWith("bytesPerSecond");
    assertThatThrownBy(() -> throttle.setRecordsPerSecond(Double.NaN))
        .hasMessageStartingWith("recordsPerSecond");
  }

  @Test
  void acquireReallyWaitsWhenOverTheLimit() {
    Throttle throttle = Throttle.recordsPerSecond(1_000);
    throttle.acquire(50, 0); // the burst: free
    long waited = throttle.acquire(20, 0); // 20 ms of tokens beyond the burst
    assertThat(waited).isPositive();
    assertThat(throttle.waitedNanos()).isEqualTo(waited);
  }
}
