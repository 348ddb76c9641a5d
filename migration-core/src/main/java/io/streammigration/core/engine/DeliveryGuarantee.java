package io.streammigration.core.engine;

/** What a migration promises about each source record, across crashes and restarts. */
public enum DeliveryGuarantee {

  /**
   * Every source record up to the last checkpoint is in the destination; after a crash, records
   * since that checkpoint are delivered again (duplicates possible, loss impossible). Works with
   * any {@link io.streammigration.core.spi.Sink}: at each checkpoint the engine flushes the sink,
   * then saves the checkpoint in the {@link io.streammigration.core.spi.CheckpointStore}, then
   * acknowledges the source. Over a {@link io.streammigration.core.spi.TransactionalSink} the
   * engine still uses the transactional protocol (commit instead of flush), which gives more than
   * this promise, never less.
   */
  AT_LEAST_ONCE,

  /**
   * Every source record appears in the committed destination exactly once. Requires a {@link
   * io.streammigration.core.spi.TransactionalSink}: the checkpoint lives in the sink and is
   * committed atomically with the data; on start the engine resumes from {@code sink.recover()}.
   */
  EXACTLY_ONCE
}
