package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.Optional;

/**
 * What one run of a migration did, returned when it ends normally (a bounded source ended, or
 * {@code close()} stopped it gracefully).
 *
 * @param migrationId the migration's id
 * @param resumedFrom the checkpoint the run resumed from, if any
 * @param lastCheckpoint the last checkpoint committed, by this run or an earlier one
 * @param records source records this run delivered (covered by its checkpoints)
 * @param bytes source bytes this run delivered
 * @param recordsDropped duplicates the ordering guard dropped in this run
 * @param deadLetters records routed to the dead-letter sink, across restarts
 * @param checkpoints checkpoints this run committed
 * @param duration wall-clock time of the run
 * @param latency end-to-end latency over the whole run
 * @param endOfInput true if the source reported end of input, false if the run was stopped
 */
public record MigrationResult(
    String migrationId,
    Optional<Checkpoint> resumedFrom,
    Optional<Checkpoint> lastCheckpoint,
    long records,
    long bytes,
    long recordsDropped,
    long deadLetters,
    long checkpoints,
    Duration duration,
    LatencySnapshot latency,
    boolean endOfInput) {}
