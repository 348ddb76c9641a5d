package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.ordering.OrderingViolation;
import java.util.Optional;

/**
 * Receives a migration's events, for metrics and monitoring. Every method has a no-op default, so
 * a listener overrides only what it needs; {@link #NONE} ignores everything.
 *
 * <p><b>Threads.</b> Called on the engine's writer thread, synchronously: a listener must be
 * cheap and must not block, or it slows the migration. No method is called per record.
 * An exception thrown by a listener fails the migration (it is not swallowed).
 */
public interface MigrationListener {

  /** A listener that ignores every event. */
  MigrationListener NONE = new MigrationListener() {};

  /** The run started; the source is about to resume from {@code resumedFrom}. */
  default void onStarted(String migrationId, Optional<Checkpoint> resumedFrom) {}

  /**
   * The sink accepted a batch (not yet durable).
   *
   * @param recordsIn source records in the batch
   * @param bytesIn source bytes in the batch
   * @param recordsOut records written after the guard and transforms
   */
  default void onBatchWritten(int recordsIn, long bytesIn, int recordsOut) {}

  /** A checkpoint was committed. */
  default void onCheckpointCommitted(CheckpointEvent event) {}

  /** The ordering guard reported a violation that its policy let pass or dropped. */
  default void onOrderingViolation(OrderingViolation violation) {}

  /** The run ended normally. */
  default void onFinished(MigrationResult result) {}

  /** The run failed with {@code error}; nothing after the last checkpoint was committed. */
  default void onFailed(Throwable error) {}
}
