package io.streammigration.testkit.fault;

/** Whether a fault or crash strikes before the call reaches the adapter or after it returned. */
public enum Timing {
  /** The adapter never sees the call. */
  BEFORE,
  /**
   * The adapter completed the call (a commit is durable, a poll advanced the source) but the
   * caller never learns the outcome: "crash after commit returned".
   */
  AFTER
}
