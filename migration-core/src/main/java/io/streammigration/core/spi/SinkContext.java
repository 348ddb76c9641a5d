package io.streammigration.core.spi;

import io.streammigration.core.engine.DeliveryGuarantee;

/**
 * What the engine tells a {@link Sink} when it opens it. A narrow view: a sink never sees the
 * engine itself.
 */
public interface SinkContext {

  /** The migration's id, for naming transactional ids, files and log lines. */
  String migrationId();

  /** The guarantee the migration runs with. */
  DeliveryGuarantee guarantee();
}
