package io.streammigration.core.engine;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Measures end-to-end latency: from each record's source timestamp to the commit that made it
 * durable. Timestamps are sampled as records are written and turned into latencies at commit.
 *
 * <p>Memory is bounded whatever the checkpoint interval: the sample buffer holds at most {@link
 * #CAPACITY} timestamps; when it fills, every other sample is dropped and the sampling stride
 * doubles, so the samples stay evenly spread over the interval and each stands for {@code stride}
 * records when recorded into the histogram.
 */
final class LatencyRecorder {

  static final int CAPACITY = 8192;

  private final long[] samples = new long[CAPACITY];
  private int size;
  private long stride = 1;
  private long untilNextSample = 1;
  private long seen;

  private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);

  static final int SIGNIFICANT_DIGITS = 3;

  /** One commit's measurement: its percentiles, and the histogram they came from. */
  record Interval(LatencySnapshot snapshot, Histogram histogram) {}

  /**
   * Notes a written record's source timestamp. A record without one (0 or less: a plain text line
   * has none, Kafka says -1) has no latency to measure and is not counted.
   */
  void sample(long timestampMillis) {
    if (timestampMillis <= 0) {
      return;
    }
    seen++;
    if (--untilNextSample > 0) {
      return;
    }
    untilNextSample = stride;
    if (size == CAPACITY) {
      for (int i = 0; i < CAPACITY / 2; i++) {
        samples[i] = samples[2 * i + 1];
      }
      size = CAPACITY / 2;
      stride *= 2;
      untilNextSample = stride;
    }
    samples[size++] = timestampMillis;
  }

  /**
   * The records sampled since the last commit became durable at {@code commitMillis}. The
   * interval's histogram is new for each commit, so listeners may keep it.
   */
  Interval commit(long commitMillis) {
    // Packed: its memory follows the distinct latencies seen, not their range, so a new one per
    // commit stays small (a plain one over hours of range is a few hundred KB).
    Histogram interval = new PackedHistogram(SIGNIFICANT_DIGITS);
    for (int i = 0; i < size; i++) {
      long latency = Math.max(0, commitMillis - samples[i]);
      interval.recordValueWithCount(latency, stride);
    }
    total.add(interval);
    LatencySnapshot snapshot = snapshot(interval, seen);
    size = 0;
    stride = 1;
    untilNextSample = 1;
    seen = 0;
    return new Interval(snapshot, interval);
  }

  /** Latency over every commit so far. */
  LatencySnapshot total() {
    return snapshot(total, total.getTotalCount());
  }

  private static LatencySnapshot snapshot(Histogram h, long count) {
    if (h.getTotalCount() == 0) {
      return LatencySnapshot.EMPTY;
    }
    return new LatencySnapshot(
        count,
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue());
  }
}
