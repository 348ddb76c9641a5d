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
    LatencySnapshot snapshot = recorder.commit(1_000).snapshot();
    assertThat(snapshot.count()).isEqualTo(100);
    assertThat(snapshot.p50()).isEqualTo(50);
    assertThat(snapshot.p99()).isEqualTo(99);
    assertThat(snapshot.max()).isEqualTo(100);
  }

  @Test
  void futureTimestampsCountAsZeroRatherThanFailing() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(2_000);
    assertThat(recorder.commit(1_000).snapshot().max()).isZero();
  }

  @Test
  void aHugeIntervalKeepsBoundedSamplesAndRepresentativePercentiles() {
    LatencyRecorder recorder = new LatencyRecorder();
    int n = 1_000_000; // far more than the sample buffer holds
    for (int i = 0; i < n; i++) {
      recorder.sample(-(i % 1000)); // latencies uniform over 0..999 at commit time 0
    }
    LatencyRecorder.Interval interval = recorder.commit(0);
    LatencySnapshot snapshot = interval.snapshot();
    assertThat(snapshot.count()).isEqualTo(n);
    assertThat((double) snapshot.p50()).isCloseTo(500, within(30.0));
    assertThat((double) snapshot.p99()).isCloseTo(990, within(15.0));
    assertThat(recorder.total().count()).isBetween((long) (n * 0.99), (long) (n * 1.01));
    // The histogram handed to listeners is the same measurement, weighted to the records.
    assertThat(interval.histogram().getTotalCount()).isBetween((long) (n * 0.99), (long) (n * 1.01));
    assertThat(interval.histogram().getValueAtPercentile(99)).isEqualTo(snapshot.p99());
  }

  @Test
  void everyCommitHandsOutItsOwnHistogram() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(0);
    LatencyRecorder.Interval first = recorder.commit(100);
    recorder.sample(0);
    recorder.sample(0);
    LatencyRecorder.Interval second = recorder.commit(300);
    assertThat(first.histogram()).isNotSameAs(second.histogram());
    assertThat(first.histogram().getTotalCount()).isEqualTo(1);
    assertThat(first.histogram().getMaxValue()).isEqualTo(100);
    assertThat(second.histogram().getTotalCount()).isEqualTo(2);
    assertThat(recorder.commit(400).histogram().getTotalCount()).isZero();
  }

  @Test
  void eachCommitReportsOnlyItsOwnInterval() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(0);
    assertThat(recorder.commit(500).snapshot().max()).isEqualTo(500);
    recorder.sample(990);
    assertThat(recorder.commit(1_000).snapshot().max()).isEqualTo(10);
    assertThat(recorder.total().max()).isBetween(500L, 501L);
  }
}
