package io.streammigration.core.verify;

import java.time.Duration;

/**
 * A condition a verified migration must meet, judged on the verifier's {@link Findings}. The
 * standard gates come from the factories; a caller may write its own.
 *
 * <p>Implementations must be immutable and side-effect free: {@link #evaluate} may run more than
 * once.
 */
public interface Gate {

  /** A short, stable name for reports, e.g. {@code exact-equality}. */
  String name();

  /** Judges the findings; the result says why it passed or failed. */
  GateResult evaluate(Findings findings);

  /**
   * Every partition's destination holds exactly the source's records, in order (equal counts and
   * order digests); the exactly-once criterion. The default when no gate is given.
   */
  static Gate exactEquality() {
    return StandardGates.EXACT;
  }

  /**
   * Every partition's destination, once replayed records are removed, holds exactly the source's
   * records in order: duplicates allowed, nothing missing, late, changed or unexpected; the
   * at-least-once criterion. See {@link PartitionReport#equalIgnoringDuplicates()}.
   */
  static Gate equalIgnoringDuplicates() {
    return StandardGates.DEDUPLICATED;
  }

  /**
   * The 99th percentile of end-to-end latency is at most {@code max}. Fails when no latency was
   * measured, since nothing then supports the claim.
   */
  static Gate maxP99Latency(Duration max) {
    return new StandardGates.MaxP99Latency(max);
  }

  /**
   * (errors + dead letters) / processed is at most {@code max}, in [0, 1]. Fails when the caller
   * supplied no {@link ErrorCounts}.
   */
  static Gate maxErrorRatio(double max) {
    return new StandardGates.MaxErrorRatio(max);
  }
}
