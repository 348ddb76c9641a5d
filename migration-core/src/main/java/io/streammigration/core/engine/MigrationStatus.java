package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one migration's state, cheap to take from any thread: what a service exposes on
 * its own health endpoint. Taken by {@link Migration#status()}; refreshed by the engine a few
 * times a second and at every checkpoint.
 *
 * <p><b>Lag</b> is how far delivery trails the end of each source partition, in the source's
 * position units (offsets for Kafka, bytes for files), from {@link
 * io.streammigration.core.spi.Source#endPositions()}. It is known only for partitions whose source
 * can tell where they end; across segments it is a lower bound (the tail segment's offset).
 *
 * @param migrationId the migration's id
 * @param phase where the run is
 * @param startedAt when the run started, if it has
 * @param records source records this run has covered with committed checkpoints
 * @param bytes source bytes this run has covered with committed checkpoints
 * @param recordsPerSecond source records read per second, over the last second or so
 * @param lag total lag over the partitions whose end is known; empty if none is
 * @param partitionLag lag per partition whose end is known
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
    double recordsPerSecond,
    OptionalLong lag,
    Map<PartitionId, Long> partitionLag,
    long checkpoints,
    Optional<Checkpoint> lastCheckpoint,
    Optional<Instant> lastCheckpointAt,
    long deadLetters,
    long retries,
    Optional<String> failure) {

  public MigrationStatus {
    partitionLag = Map.copyOf(partitionLag);
  }

  /**
   * Where a run is. A live migration moves BACKFILL, CAUGHT_UP (back to BACKFILL if it falls
   * behind), then DRAINING and FINISHED when {@code drainAndStop()} ends it at a fixed position.
   */
  public enum Phase {
    /** Built, not yet running. */
    CREATED,
    /** Running, on a source that cannot tell where its partitions end (so lag is unknown). */
    RUNNING,
    /** Running, with lag above the caught-up threshold: reading history. */
    BACKFILL,
    /** Running, with lag under the caught-up threshold for the sustained window. */
    CAUGHT_UP,
    /** Reading up to fixed end positions, after which the run stops ({@code drainAndStop}). */
    DRAINING,
    /** {@code close()} was called; the final checkpoint is being committed. */
    STOPPING,
    /** Ended normally, by end of input, a graceful stop or a completed drain. */
    FINISHED,
    /** Ended by an error; nothing after the last checkpoint was committed. */
    FAILED
  }

  /** True while the run has neither finished nor failed. */
  public boolean isActive() {
    return phase != Phase.FINISHED && phase != Phase.FAILED;
  }

  /** A copy in another phase. */
  MigrationStatus withPhase(Phase newPhase) {
    return new MigrationStatus(
        migrationId, newPhase, startedAt, records, bytes, recordsPerSecond, lag, partitionLag,
        checkpoints, lastCheckpoint, lastCheckpointAt, deadLetters, retries, failure);
  }

  /** A copy with another retry count. */
  MigrationStatus withRetries(long newRetries) {
    return new MigrationStatus(
        migrationId, phase, startedAt, records, bytes, recordsPerSecond, lag, partitionLag,
        checkpoints, lastCheckpoint, lastCheckpointAt, deadLetters, newRetries, failure);
  }
}
