package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import java.util.List;
import java.util.Optional;

/**
 * Durable home of a migration's checkpoints. In AT_LEAST_ONCE mode it is the source of truth for
 * resume; in EXACTLY_ONCE mode the transactional sink is, and a store (if configured) mirrors each
 * committed checkpoint for inspection.
 *
 * <h2>Contract</h2>
 *
 * <ol>
 *   <li>{@link #save} is atomic and durable on return: after a crash at any point, {@link
 *       #latest()} returns either the previous checkpoint or the new one, never a mixture and
 *       never a corrupt one.
 *   <li>Ids strictly increase: saving an id not greater than the latest one is rejected.
 *   <li>A corrupt latest checkpoint is never silently skipped: {@link #latest()} throws {@link
 *       io.streammigration.core.error.CheckpointCorruptionException} naming it, and the operator
 *       chooses an older one explicitly with {@link #rollbackTo}.
 *   <li>The store keeps the last few checkpoints (implementation-defined, configurable) for
 *       rollback.
 * </ol>
 *
 * <p><b>Threads.</b> Called by the engine's writer thread only; tools may call it from their own
 * thread when no migration is running on it.
 */
public interface CheckpointStore extends AutoCloseable {

  /**
   * The latest checkpoint, or empty if none was saved.
   *
   * @throws io.streammigration.core.error.CheckpointCorruptionException if the latest stored
   *     checkpoint is corrupt
   */
  Optional<Checkpoint> latest();

  /** Saves {@code checkpoint} atomically and durably. Blocks until durable. */
  void save(Checkpoint checkpoint);

  /** Up to {@code max} intact checkpoints, newest first; corrupt ones are left out. */
  List<Checkpoint> history(int max);

  /**
   * Makes the checkpoint with {@code id} the latest, setting newer ones (corrupt or not) aside so
   * that they are no longer used. Returns it.
   *
   * @throws io.streammigration.core.error.MigrationException if no intact checkpoint has that id
   */
  Checkpoint rollbackTo(long id);

  /** Releases resources. Idempotent. */
  @Override
  void close();
}
