package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import java.util.Optional;

/**
 * A sink that stores the migration's checkpoint in the destination itself and commits it
 * atomically with the data: the capability EXACTLY_ONCE requires. An opt-in capability, not a
 * flag: implement this interface only if {@link #commit} really is atomic.
 *
 * <h2>Lifecycle (EXACTLY_ONCE)</h2>
 *
 * <ol>
 *   <li>{@link #open} once.
 *   <li>{@link #recover()} once, before any write: returns the last committed checkpoint and
 *       discards everything written after it (an aborted transaction, a truncated file). The
 *       engine resumes the source from that checkpoint.
 *   <li>{@link #write} any number of times; nothing written is visible to readers of committed
 *       data until the next commit.
 *   <li>{@link #commit} at each checkpoint trigger: makes every write since the previous commit
 *       AND {@code checkpoint} durable and visible in one atomic step. Either both are committed
 *       or neither is, whatever happens to the process. Then back to step 3.
 *   <li>{@link #close()} once, also after a failure; uncommitted writes are not committed by
 *       close and vanish at the next {@link #recover()}.
 * </ol>
 *
 * <p><b>Idempotent commit.</b> Calling {@code commit} again with the checkpoint that is already
 * the last committed one (same id) must succeed and change nothing: the engine may repeat a commit
 * whose outcome it did not learn.
 *
 * <p><b>Threads.</b> Every method is called by the engine's single writer thread.
 */
public interface TransactionalSink extends Sink {

  /**
   * Returns the last committed checkpoint, or empty if nothing was ever committed, and discards
   * every write after it. Step 2. May block (fencing a previous producer, truncating files).
   *
   * @throws io.streammigration.core.error.CheckpointCorruptionException if the stored checkpoint
   *     is corrupt
   */
  Optional<Checkpoint> recover();

  /**
   * Atomically makes the writes since the previous commit and {@code checkpoint} durable and
   * visible. Step 4. Blocks until durable. Idempotent for the last committed checkpoint.
   * Checkpoint ids passed to successive commits strictly increase.
   */
  void commit(Checkpoint checkpoint);
}
