package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;

/**
 * What the embedding service does at cutover, around the drain that {@link Cutover} runs. Both
 * methods run on the thread that called {@link Cutover#run()}.
 *
 * <p>Typical use: {@link #beforeDrain} switches the service's producers from the old stream to
 * the new destination and returns once nothing more will be written to the old stream; {@link
 * #afterDrain} points consumers at the new destination, knowing exactly where the old stream
 * ended.
 */
public interface CutoverHook {

  /**
   * The migration has caught up (lag within the threshold for the sustained window): stop writing
   * to the old stream now, and return once no further write can reach it. Records that still
   * arrive after this returns are after the drain's end and are left for a later run.
   *
   * <p>Throwing aborts the cutover before anything changed on the migration's side: the
   * migration keeps running, {@link Cutover#run()} throws a {@link CutoverException} at {@link
   * CutoverException.Stage#BEFORE_DRAIN}, and the cutover may be tried again.
   *
   * @param status the migration's status at the moment it was judged caught up
   */
  void beforeDrain(MigrationStatus status) throws Exception;

  /**
   * The migration drained and stopped; {@code end} is its final checkpoint, the exact end of the
   * old stream as migrated (each partition's last delivered position). Default: nothing.
   *
   * <p>Throwing makes {@link Cutover#run()} throw a {@link CutoverException} at {@link
   * CutoverException.Stage#AFTER_DRAIN} that still carries {@code end}: the migration is over
   * either way.
   */
  default void afterDrain(Checkpoint end) throws Exception {}
}
