package io.streammigration.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The window merges recent intervals and forgets those older than its span. */
class LatencyWindowTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private final LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), now::get);

  private static Histogram of(long... latencies) {
    Histogram h = new Histogram(3);
    for (long l : latencies) {
      h.recordValue(l);
    }
    return h;
  }

  @Test
  void anEmptyWindowReadsNaN() {
    assertThat(window.percentile(99)).isNaN();
    assertThat(window.max()).isNaN();
    assertThat(window.count()).isZero();
    window.add(of());
    assertThat(window.count()).isZero();
  }

  @Test
  void percentilesAreOverEveryIntervalInTheWindow() {
    window.add(of(10, 10, 10));
    advance(Duration.ofSeconds(20));
    window.add(of(20, 1_000));
    assertThat(window.count()).isEqualTo(5);
    assertThat(window.percentile(50)).isEqualTo(10);
    assertThat(window.max()).isEqualTo(1_000);
  }

  @Test
  void intervalsOlderThanTheWindowAreForgotten() {
    window.add(of(1_500));
    advance(Duration.ofSeconds(30));
    window.add(of(7));
    assertThat(window.max()).isEqualTo(1_500);
    advance(Duration.ofSeconds(45)); // the first interval is 75 s old, the second 45 s
    assertThat(window.max()).isEqualTo(7);
    assertThat(window.count()).isEqualTo(1);
    advance(Duration.ofSeconds(30));
    assertThat(window.count()).isZero();
    assertThat(window.percentile(50)).isNaN();
  }

  @Test
  void aSlotReusedAfterAFullTurnStartsEmpty() {
    window.add(of(100));
    advance(Duration.ofSeconds(60)); // same slot index, next turn
    window.add(of(1));
    assertThat(window.count()).isEqualTo(1);
    assertThat(window.max()).isEqualTo(1);
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }
}
