package io.streammigration.testkit.memory;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.spi.SinkContext;
import java.util.Objects;

/**
 * A {@link SinkContext} for driving a sink without an engine, as the contract suites, tools and
 * unit tests do.
 *
 * @param migrationId the id the sink sees
 * @param guarantee the guarantee the sink sees
 */
public record StandaloneSinkContext(String migrationId, DeliveryGuarantee guarantee)
    implements SinkContext {

  public StandaloneSinkContext {
    Objects.requireNonNull(migrationId, "migrationId");
    Objects.requireNonNull(guarantee, "guarantee");
  }
}
