package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Cutover} that did not complete: which {@link Stage} failed, whether the migration is
 * still running, and, once it drained, the end it reached. The cause is what the hook or the drain
 * threw.
 */
public final class CutoverException extends MigrationException {

  /** Where a cutover failed. */
  public enum Stage {
    /**
     * {@link CutoverHook#beforeDrain} threw. Nothing changed on the migration's side: it keeps
     * running and the cutover can be tried again once the service has undone or finished its part.
     */
    BEFORE_DRAIN,
    /**
     * The drain failed or timed out after {@link CutoverHook#beforeDrain} returned. The service has
     * switched its writers, so the old stream no longer grows: check the migration's status (a
     * timed-out drain goes on; a failed run resumes from its last checkpoint when run again).
     */
    DRAIN,
    /** {@link CutoverHook#afterDrain} threw. The migration drained and stopped at {@link #end()}. */
    AFTER_DRAIN
  }

  private final Stage stage;
  private final transient Checkpoint end;

  CutoverException(String message, Stage stage, Checkpoint end, Throwable cause) {
    super(message, cause);
    this.stage = Objects.requireNonNull(stage, "stage");
    this.end = end;
  }

  /** The stage that failed. */
  public Stage stage() {
    return stage;
  }

  /** The final checkpoint, present once the migration drained ({@link Stage#AFTER_DRAIN}). */
  public Optional<Checkpoint> end() {
    return Optional.ofNullable(end);
  }
}
