package io.streammigration.micrometer;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency over a sliding window of recent checkpoint intervals: the engine hands each
 * interval's HdrHistogram over, and this keeps them in {@link #SLOTS} time slots covering the
 * window, so a percentile is over every record measured in the last window, not just the last
 * interval (which at a 10 ms checkpoint cadence would jump between scrapes). Memory is fixed:
 * {@link #SLOTS} histograms plus one to merge into. Thread-safe: the engine adds on its writer
 * thread, a scrape reads on its own.
 */
final class LatencyWindow {

  static final int SLOTS = 6;

  private final long slotNanos;
  private final Histogram[] slots = new Histogram[SLOTS];
  private final long[] slotEpochs = new long[SLOTS];
  private final Histogram merged = new Histogram(3);
  private final java.util.function.LongSupplier clock;
  private long mergedAtEpoch = Long.MIN_VALUE;
  private boolean dirty = true;

  LatencyWindow(Duration window, java.util.function.LongSupplier nanoClock) {
    this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
    this.clock = nanoClock;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new Histogram(3);
      slotEpochs[i] = Long.MIN_VALUE;
    }
  }

  /** Adds one interval's latencies (milliseconds). */
  synchronized void add(Histogram interval) {
    if (interval.getTotalCount() == 0) {
      return;
    }
    long epoch = clock.getAsLong() / slotNanos;
    int slot = (int) Math.floorMod(epoch, (long) SLOTS);
    if (slotEpochs[slot] != epoch) {
      slots[slot].reset();
      slotEpochs[slot] = epoch;
    }
    slots[slot].add(interval);
    dirty = true;
  }

  /** The latency at {@code percentile} (0..100) over the window, in ms; NaN if none measured. */
  synchronized double percentile(double percentile) {
    Histogram h = current();
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile);
  }

  /** The largest latency in the window, in ms; NaN if none measured. */
  synchronized double max() {
    Histogram h = current();
    return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue();
  }

  /** Records measured in the window. */
  synchronized long count() {
    return current().getTotalCount();
  }

  /** The merge of the slots still inside the window, redone only when something changed. */
  private Histogram current() {
    long epoch = clock.getAsLong() / slotNanos;
    if (!dirty && mergedAtEpoch == epoch) {
      return merged;
    }
    merged.reset();
    for (int i = 0; i < SLOTS; i++) {
      // A slot belongs to the window if it was filled within the last SLOTS epochs.
      if (slotEpochs[i] != Long.MIN_VALUE && epoch - slotEpochs[i] < SLOTS) {
        merged.add(slots[i]);
      }
    }
    mergedAtEpoch = epoch;
    dirty = false;
    return merged;
  }
}
