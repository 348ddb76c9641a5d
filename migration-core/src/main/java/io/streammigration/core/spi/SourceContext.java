package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine tells a {@link Source} when it opens it, and the one thing a source may ask of
 * the engine. A narrow view: a source never sees the engine itself.
 */
public interface SourceContext {

  /** The migration's id, for naming consumer groups, client ids and log lines. */
  String migrationId();

  /**
   * Commits a checkpoint covering every record this source has returned from {@code poll} so far,
   * then leaves the {@code released} partitions out of every later checkpoint, because their
   * ownership moves elsewhere (a consumer-group rebalance revoking them). Blocks until the
   * checkpoint is durable: when it returns, the new owner of a released partition can resume from
   * its committed position without loss or duplication.
   *
   * <p>Records of the released partitions that were returned but are still waiting for the writer
   * are not written: the checkpoint stores, for each released partition, the position of the last
   * record written, and the new owner reads the rest again from there, as it reads the records
   * the source had buffered but not returned. This keeps a rebalance from waiting for everything
   * queued between reader and writer. The records of the partitions kept are all covered.
   *
   * <p>Call it on the reader thread only, from inside {@link Source#poll} (for example from a
   * rebalance callback that the poll triggers). Nothing is committed if nothing is pending; the
   * partitions are released all the same.
   *
   * @param released partitions to stop tracking after the commit; may be empty
   * @return the checkpoint now covering everything returned, or empty if none was ever committed
   * @throws io.streammigration.core.error.MigrationException if the migration failed or is
   *     shutting down before the commit could happen; the source should then stop
   */
  Optional<Checkpoint> commitAndRelease(Set<PartitionId> released);
}
