package io.streammigration.core.spi;

import io.streammigration.core.ordering.OrderingViolation;
import io.streammigration.core.record.Record;

/**
 * Sees every source record between source and sink and enforces order: detects duplicates, gaps
 * and reorders, and applies a policy. Its state is saved in each checkpoint and restored on
 * resume, so detection is exact across restarts.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>Created by a {@link Factory} when the migration starts.
 *   <li>{@link #restore} once with the resumed checkpoint's guard state (an empty array on a
 *       fresh start).
 *   <li>{@link #admit} for every record, in the order the source delivered them.
 *   <li>{@link #snapshot()} at each checkpoint.
 * </ol>
 *
 * <p><b>Threads.</b> Called by the engine's writer thread only. Must not block.
 */
public interface OrderingGuard {

  /**
   * Checks {@code record} and updates the guard's state.
   *
   * @return true to pass the record on, false to drop it (a duplicate under DROP_DUPLICATES)
   * @throws io.streammigration.core.error.OrderingViolationException under the FAIL policy
   */
  boolean admit(Record record);

  /** The guard's state, to be stored in the checkpoint. */
  byte[] snapshot();

  /** Restores state produced by {@link #snapshot()}; an empty array means a fresh start. */
  void restore(byte[] state);

  /** Creates a guard for one run of a migration. */
  @FunctionalInterface
  interface Factory {
    OrderingGuard create(Context context);
  }

  /** What a guard learns from the engine. */
  interface Context {

    /** True if the source's positions are dense, so gaps can be detected by position. */
    boolean densePositions();

    /** Reports a violation that the policy lets pass (REPORT) or drops (DROP_DUPLICATES). */
    void report(OrderingViolation violation);
  }
}
