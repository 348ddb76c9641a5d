package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.ordering.OrderingViolation;
import java.util.Optional;

/**
 * Receives a migration's events, for metrics and monitoring. Every method has a no-op default, so
 * a listener overrides only what it needs; {@link #NONE} ignores everything.
 *
 * <p><b>Threads.</b> Called on the engine's writer thread, synchronously, except {@link #onRetry}
 * for source operations, which runs on the reader thread: a listener must be cheap, must not block
 * (or it slows the migration) and, if it counts retries, must be thread-safe. No method is called
 * per record.
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
   * @param bytesOut their bytes ({@link io.streammigration.core.record.Record#sizeInBytes()}):
   *     equal to {@code bytesIn} when nothing was dropped or transformed
   */
  default void onBatchWritten(int recordsIn, long bytesIn, int recordsOut, long bytesOut) {}

  /** A checkpoint was committed. */
  default void onCheckpointCommitted(CheckpointEvent event) {}

  /**
   * An adapter call failed with a retriable error and will be tried again after {@code backoff}.
   *
   * @param operation what failed: {@code source.poll}, {@code sink.write}, {@code sink.flush},
   *     {@code sink.commit}, {@code store.save} or {@code source.onCheckpointCommitted}
   * @param attempt the attempt that failed, from 1
   */
  default void onRetry(String operation, int attempt, Throwable cause, java.time.Duration backoff) {}

  /**
   * A transform rejected {@code record} (as the source delivered it) and it is being routed to the
   * dead-letter sink. Called once per dead letter: rare by nature, so not a per-record cost.
   */
  default void onDeadLetter(
      io.streammigration.core.record.Record record,
      io.streammigration.core.error.RecordRejectedException rejection) {}

  /** The ordering guard reported a violation that its policy let pass or dropped. */
  default void onOrderingViolation(OrderingViolation violation) {}

  /**
   * The run moved to another phase (BACKFILL to CAUGHT_UP, say). Called on the writer thread, at
   * most a few times a second; a stop requested from another thread is announced when the writer
   * next refreshes its status.
   */
  default void onPhaseChanged(MigrationStatus.Phase from, MigrationStatus.Phase to) {}

  /** The run ended normally. */
  default void onFinished(MigrationResult result) {}

  /** The run failed with {@code error}; nothing after the last checkpoint was committed. */
  default void onFailed(Throwable error) {}
}
