package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one migration's state, cheap to take from any thread: what a service exposes on
 * its own health endpoint. Taken by {@link Migration#status()}.
 *
 * @param migrationId the migration's id
 * @param phase where the run is in its lifecycle
 * @param startedAt when the run started, if it has
 * @param records source records this run has covered with committed checkpoints
 * @param bytes source bytes this run has covered with committed checkpoints
 * @param checkpoints checkpoints this run has committed
 * @param lastCheckpoint the last committed checkpoint (this run's, or the one it resumed from)
 * @param lastCheckpointAt when this run committed its last checkpoint, if it has
 * @param deadLetters records routed to the dead-letter sink, across restarts
 * @param retries retried adapter calls so far
 * @param failure the error that failed the run, as text, if it failed
 */
public record MigrationStatus(
    String migrationId,
    Phase phase,
    Optional<Instant> startedAt,
    long records,
    long bytes,
    long checkpoints,
    Optional<Checkpoint> lastCheckpoint,
    Optional<Instant> lastCheckpointAt,
    long deadLetters,
    long retries,
    Optional<String> failure) {

  /** A run's lifecycle. */
  public enum Phase {
    /** Built, not yet running. */
    CREATED,
    /** Running: reading, writing and checkpointing. */
    RUNNING,
    /** {@code close()} was called; the final checkpoint is being committed. */
    STOPPING,
    /** Ended normally, by end of input or a graceful stop. */
    FINISHED,
    /** Ended by an error; nothing after the last checkpoint was committed. */
    FAILED
  }

  /** True while the run has neither finished nor failed. */
  public boolean isActive() {
    return phase == Phase.CREATED || phase == Phase.RUNNING || phase == Phase.STOPPING;
  }
}
