package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Cutover} ended when it did not fail.
 *
 * @param outcome {@link Outcome#COMPLETED} or {@link Outcome#NOT_CAUGHT_UP}
 * @param end the final checkpoint, the exact end of the old stream as migrated; present when
 *     completed (empty only if the migration never committed anything: an empty old stream)
 * @param caughtUpStatus the status when the migration was judged caught up; for NOT_CAUGHT_UP the
 *     last status seen
 * @param waitedForCatchUp how long the cutover waited for the lag to stay small
 * @param drainTook from the hook's {@code beforeDrain} returning to the migration having stopped
 */
public record CutoverResult(
    Outcome outcome,
    Optional<Checkpoint> end,
    MigrationStatus caughtUpStatus,
    Duration waitedForCatchUp,
    Duration drainTook) {

  /** How a cutover ended. */
  public enum Outcome {
    /** Caught up, the hook ran, the migration drained and stopped at {@link #end()}. */
    COMPLETED,
    /**
     * The lag did not stay small long enough within the wait; the hook was not called and the
     * migration keeps running. Try again later (or with a larger threshold).
     */
    NOT_CAUGHT_UP
  }

  public CutoverResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(caughtUpStatus, "caughtUpStatus");
    Objects.requireNonNull(waitedForCatchUp, "waitedForCatchUp");
    Objects.requireNonNull(drainTook, "drainTook");
  }

  /** True if the cutover completed. */
  public boolean completed() {
    return outcome == Outcome.COMPLETED;
  }
}
