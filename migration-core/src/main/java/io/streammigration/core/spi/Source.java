package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads records from a source endpoint, in order within each partition.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open} once, with the checkpoint to resume from (or empty for a fresh start).
 *   <li>{@link #poll} repeatedly. Between polls the engine may call {@link
 *       #onCheckpointCommitted} to tell the source that a checkpoint is durable.
 *   <li>{@link #isEndOfInput()} after each poll; once it returns true the engine polls no more.
 *       Unbounded sources always return false.
 *   <li>{@link #close()} once, also after a failure in any step. Idempotent.
 * </ol>
 *
 * <p><b>Threads.</b> Every method but {@link #positionsAreDense()} is called by the engine's
 * single reader thread, one at a time,
 * so a source needs no synchronization of its own (which suits non-thread-safe clients such as
 * {@code KafkaConsumer}). A reference to the source must not be shared with other threads.
 *
 * <p><b>Positions.</b> Each record carries its partition and a {@link
 * io.streammigration.core.record.Position} that strictly increases within its partition. After
 * {@code open(ctx, Optional.of(cp))} the source delivers, per partition, exactly the records whose
 * position is greater than {@code cp.position(partition)}; partitions the checkpoint does not name
 * start where the source's configuration says. This is what makes resume exact.
 *
 * <p><b>Errors.</b> Methods throw {@link io.streammigration.core.error.MigrationException}
 * subtypes: {@link io.streammigration.core.error.RetriableMigrationException} for transient
 * transport errors, {@link io.streammigration.core.error.SourceCorruptionException} for bad data.
 */
public interface Source extends AutoCloseable {

  /**
   * Connects and seeks. Step 1. May block (connecting, seeking).
   *
   * @param context what the engine tells the source
   * @param resumeFrom the checkpoint whose positions to resume after, or empty to start fresh
   */
  void open(SourceContext context, Optional<Checkpoint> resumeFrom);

  /**
   * Returns the next records, at most {@code maxRecords}, waiting up to {@code timeout} for the
   * first one. Step 2. May block up to the timeout; returns an empty list when nothing arrived.
   * The returned list is handed to another thread and must not be changed afterwards.
   */
  List<Record> poll(int maxRecords, Duration timeout);

  /**
   * True once a bounded source has returned its last record. Step 3. Must not block. Unbounded
   * sources return false.
   */
  boolean isEndOfInput();

  /**
   * True if positions within a partition are dense: the record after position {@code (s, o)} is
   * at {@code (s, o + 1)} (or starts a new segment). Lets the ordering guard detect gaps by
   * position. Kafka offsets are not dense (transaction markers and compaction leave holes); byte
   * offsets are not either. Called once, before {@link #open}, on the thread that runs the
   * migration; must not block. Default: false.
   */
  default boolean positionsAreDense() {
    return false;
  }

  /**
   * Where each partition currently ends: the position of its last record right now, for the
   * partitions the source can tell. The engine uses it for lag (how far delivery trails the end,
   * in position units: offsets for Kafka, bytes for files) and for {@code drainAndStop}, which
   * stops exactly at these positions. A partition whose last record's position the source cannot
   * know exactly must be left out rather than estimated, or a drain could wait for a record that
   * never comes. Called on the reader thread between polls, a few times a second; must be cheap
   * (no network round trip per call where it can be avoided). Default: empty, the source cannot
   * tell.
   */
  default Map<PartitionId, Position> endPositions() {
    return Map.of();
  }

  /**
   * Tells the source that {@code checkpoint} is durable, so it may acknowledge upstream (for
   * example commit consumer-group offsets so lag tools see progress). Never relied on for
   * recovery: a source must resume correctly from the checkpoint given to {@link #open} even if
   * this was never called. Called on the reader thread between polls; may block briefly. Default:
   * nothing.
   */
  default void onCheckpointCommitted(Checkpoint checkpoint) {}

  /** Releases resources. Step 4. Called once; must be idempotent; may block briefly. */
  @Override
  void close();
}
