package io.streammigration.core.engine;

/**
 * End-to-end latency, from a record's source timestamp to the commit that made it durable in the
 * destination, in milliseconds. Taken from an HdrHistogram with three significant digits.
 *
 * @param count records measured (the engine samples when an interval holds very many)
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest value seen
 */
public record LatencySnapshot(long count, long p50, long p99, long p999, long max) {

  /** No measurement. */
  public static final LatencySnapshot EMPTY = new LatencySnapshot(0, 0, 0, 0, 0);
}
