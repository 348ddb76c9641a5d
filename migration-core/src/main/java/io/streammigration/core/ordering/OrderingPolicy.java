package io.streammigration.core.ordering;

/** What the ordering guard does when it sees a duplicate, a gap or a reorder. */
public enum OrderingPolicy {

  /** Stop the migration with an {@link io.streammigration.core.error.OrderingViolationException}. */
  FAIL,

  /**
   * Drop duplicates (records at or before the last sequence seen) and report them; gaps and
   * reorders that are not duplicates fail the migration, since dropping them would lose data.
   */
  DROP_DUPLICATES,

  /** Pass every record on and report each violation to the listener. */
  REPORT
}
