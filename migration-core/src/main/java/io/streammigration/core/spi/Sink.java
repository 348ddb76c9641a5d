package io.streammigration.core.spi;

import io.streammigration.core.record.Record;
import java.util.List;

/**
 * Writes records to a destination endpoint. Enough for AT_LEAST_ONCE; a sink that can commit data
 * and a checkpoint atomically also implements {@link TransactionalSink}, which EXACTLY_ONCE
 * requires.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open} once.
 *   <li>{@link #write} any number of times, in source order within each partition.
 *   <li>{@link #flush()} at each checkpoint trigger (AT_LEAST_ONCE): when it returns, every
 *       record written so far is durable in the destination.
 *   <li>{@link #close()} once, also after a failure. Idempotent. Close does not imply flush: the
 *       engine flushes (or commits) first when it shuts down gracefully.
 * </ol>
 *
 * <p><b>Threads.</b> Every method is called by the engine's single writer thread, one at a time.
 *
 * <p><b>Errors.</b> Throw {@link io.streammigration.core.error.RetriableMigrationException} for
 * transient failures and another {@link io.streammigration.core.error.MigrationException} for
 * permanent ones, naming the destination (topic, partition, file) and, where known, the source
 * position of the record that failed.
 */
public interface Sink extends AutoCloseable {

  /** Connects. Step 1. May block. */
  void open(SinkContext context);

  /**
   * Writes records, in the given order. Step 2. May block (backpressure) but need not make them
   * durable. The list is owned by the engine: do not change it, and do not keep it after the
   * call returns (it may be the very list the source returned from {@code poll}).
   *
   * <p>A record the destination can never take (too large, refused by its schema) is rejected
   * with {@link io.streammigration.core.error.RecordRejectedException} naming that record, after
   * writing exactly the records before it in the list and none after: the engine dead-letters it
   * (or fails the run, without a dead-letter policy) and writes the rest.
   */
  void write(List<Record> records);

  /** Makes every record written so far durable. Step 3. Blocks until it is. */
  void flush();

  /** Releases resources without flushing. Step 4. Idempotent. */
  @Override
  void close();
}
