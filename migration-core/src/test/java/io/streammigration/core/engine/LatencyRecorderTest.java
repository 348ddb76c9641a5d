package io.streammigration.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void latencyIsCommitTimeMinusRecordTimestamp() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 1; i <= 100; i++) {
      recorder.sample(1_000 - i); // record i is i ms old when committed at 1000
    }
    LatencySnapshot snapshot = recorder.commit(1_000);
    assertThat(snapshot.count()).isEqualTo(100);
    assertThat(snapshot.p50()).isEqualTo(50);
    assertThat(snapshot.p99()).isEqualTo(99);
    assertThat(snapshot.max()).isEqualTo(100);
  }

  @Test
  void futureTimestampsCountAsZeroRatherThanFailing() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(2_000);
    assertThat(recorder.commit(1_000).max()).isZero();
  }

  @Test
  void aHugeIntervalKeepsBoundedSamplesAndRepresentativePercentiles() {
    LatencyRecorder recorder = new LatencyRecorder();
    int n = 1_000_000; // far more than the sample buffer holds
    for (int i = 0; i < n; i++) {
      recorder.sample(-(i % 1000)); // latencies uniform over 0..999 at commit time 0
    }
    LatencySnapshot snapshot = recorder.commit(0);
    assertThat(snapshot.count()).isEqualTo(n);
    assertThat((double) snapshot.p50()).isCloseTo(500, within(30.0));
    assertThat((double) snapshot.p99()).isCloseTo(990, within(15.0));
    assertThat(recorder.total().count()).isBetween((long) (n * 0.99), (long) (n * 1.01));
  }

  @Test
  void eachCommitReportsOnlyItsOwnInterval() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(0);
    assertThat(recorder.commit(500).max()).isEqualTo(500);
    recorder.sample(990);
    assertThat(recorder.commit(1_000).max()).isEqualTo(10);
    assertThat(recorder.total().max()).isBetween(500L, 501L);
  }
}
