package io.streammigration.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  /** A wall-clock time in milliseconds, as record timestamps are. */
  private static final long T = 1_700_000_000_000L;

  @Test
  void latencyIsCommitTimeMinusRecordTimestamp() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 1; i <= 100; i++) {
      recorder.sample(T + 1_000 - i); // record i is i ms old when committed at T + 1000
    }
    LatencySnapshot snapshot = recorder.commit(T + 1_000).snapshot();
    assertThat(snapshot.count()).isEqualTo(100);
    assertThat(snapshot.p50()).isEqualTo(50);
    assertThat(snapshot.p99()).isEqualTo(99);
    assertThat(snapshot.max()).isEqualTo(100);
  }

  @Test
  void futureTimestampsCountAsZeroRatherThanFailing() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(T + 2_000);
    assertThat(recorder.commit(T + 1_000).snapshot().max()).isZero();
  }

  @Test
  void recordsWithoutATimestampAreNotMeasured() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(0); // a text line: no timestamp
    recorder.sample(-1); // Kafka's "no timestamp"
    recorder.sample(T);
    LatencyRecorder.Interval interval = recorder.commit(T + 5);
    assertThat(interval.snapshot().count()).isEqualTo(1);
    assertThat(interval.snapshot().max()).isEqualTo(5);
    assertThat(interval.histogram().getTotalCount()).isEqualTo(1);
  }

  @Test
  void aHugeIntervalKeepsBoundedSamplesAndRepresentativePercentiles() {
    LatencyRecorder recorder = new LatencyRecorder();
    int n = 1_000_000; // far more than the sample buffer holds
    for (int i = 0; i < n; i++) {
      recorder.sample(T - (i % 1000)); // latencies uniform over 0..999 at commit time T
    }
    LatencyRecorder.Interval interval = recorder.commit(T);
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
    recorder.sample(T);
    LatencyRecorder.Interval first = recorder.commit(T + 100);
    recorder.sample(T);
    recorder.sample(T);
    LatencyRecorder.Interval second = recorder.commit(T + 300);
    assertThat(first.histogram()).isNotSameAs(second.histogram());
    assertThat(first.histogram().getTotalCount()).isEqualTo(1);
    assertThat(first.histogram().getMaxValue()).isEqualTo(100);
    assertThat(second.histogram().getTotalCount()).isEqualTo(2);
    assertThat(recorder.commit(T + 400).histogram().getTotalCount()).isZero();
  }

  @Test
  void eachCommitReportsOnlyItsOwnInterval() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.sample(T);
    assertThat(recorder.commit(T + 500).snapshot().max()).isEqualTo(500);
    recorder.sample(T + 990);
    assertThat(recorder.commit(T + 1_000).snapshot().max()).isEqualTo(10);
    assertThat(recorder.total().max()).isBetween(500L, 501L);
  }
}
