package io.streammigration.core.verify;

/** Why the verifier stopped reading one side. */
public enum ReadStop {
  /**
   * The source reported end of input: everything was read. With a bounded {@link ReadRange} this
   * means the source ended before reaching the range's end in some partition.
   */
  END_OF_INPUT,
  /** Every partition of the range's end checkpoint reached its end position. */
  RANGE_END,
  /**
   * Nothing arrived for the idle timeout: a live source may hold more later, so the result covers
   * what had arrived by then.
   */
  IDLE
}
