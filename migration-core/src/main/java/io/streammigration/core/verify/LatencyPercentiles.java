package io.streammigration.core.verify;

import org.HdrHistogram.Histogram;

/**
 * End-to-end latency over the matched record pairs, in milliseconds: for each destination record
 * matched with its source record, the destination arrival time (by default the destination
 * record's timestamp; see {@link Verifier.Builder#arrivalTime}) minus the source record's
 * timestamp. Pairs where either timestamp is missing (0 or less) are not measured; negative
 * differences (clock skew) count as 0. Three significant digits (HdrHistogram).
 *
 * @param count pairs measured; 0 means no latency could be measured
 */
public record LatencyPercentiles(long count, long p50, long p90, long p99, long p999, long max) {

  /** Nothing measured. */
  public static final LatencyPercentiles EMPTY = new LatencyPercentiles(0, 0, 0, 0, 0, 0);

  static LatencyPercentiles of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencyPercentiles(
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue());
  }

  @Override
  public String toString() {
    return count == 0
        ? "no latency measured"
        : "n=" + count + " p50=" + p50 + " p90=" + p90 + " p99=" + p99 + " p99.9=" + p999
            + " max=" + max + " ms";
  }

  void writeTo(JsonWriter json) {
    json.beginObject()
        .field("count", count)
        .field("p50", p50)
        .field("p90", p90)
        .field("p99", p99)
        .field("p999", p999)
        .field("max", max)
        .endObject();
  }
}
