package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import java.util.List;

/**
 * A transactional sink that can also roll its committed state back to an earlier checkpoint it
 * committed: the capability an EXACTLY_ONCE rollback needs. (An AT_LEAST_ONCE rollback only moves
 * the checkpoint store back and replays; an exactly-once destination must forget what it
 * committed after the chosen checkpoint, or the replay would duplicate it.) A file sink can, by
 * truncating its segments to an older manifest; a Kafka topic cannot, and its sink does not
 * implement this.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open} once.
 *   <li>Optionally {@link #committedHistory} to list what can be rolled back to.
 *   <li>{@link #rollbackTo} once, before {@link #recover()}: afterwards the chosen checkpoint is
 *       the last committed one and everything committed after it is gone.
 *   <li>{@link #recover()} returns that checkpoint; then the usual transactional lifecycle.
 * </ol>
 *
 * <p><b>Threads.</b> The engine's writer thread, or a tool's thread when no migration runs.
 */
public interface RewindableSink extends TransactionalSink {

  /** Up to {@code max} committed checkpoints this sink can roll back to, newest first. */
  List<Checkpoint> committedHistory(int max);

  /**
   * Makes the committed checkpoint with {@code checkpointId} the last one, durably discarding
   * every record and checkpoint committed after it. Returns it. Blocks until durable.
   *
   * @throws io.streammigration.core.error.MigrationException if no committed checkpoint this sink
   *     still keeps has that id; nothing is changed then
   */
  Checkpoint rollbackTo(long checkpointId);
}
