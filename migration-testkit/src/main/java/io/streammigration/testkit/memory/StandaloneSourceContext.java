package io.streammigration.testkit.memory;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.spi.SourceContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SourceContext} for driving a source without an engine, as the contract suites and unit
 * tests do. There is no writer to commit anything, so {@link #commitAndRelease} commits nothing
 * and reports that no checkpoint exists; it records each call so a test can check what a source
 * asked for (a consumer-group source releasing revoked partitions, say).
 */
public final class StandaloneSourceContext implements SourceContext {

  private final String migrationId;
  private final List<Set<PartitionId>> releases = new CopyOnWriteArrayList<>();

  public StandaloneSourceContext(String migrationId) {
    this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
  }

  @Override
  public String migrationId() {
    return migrationId;
  }

  @Override
  public Optional<Checkpoint> commitAndRelease(Set<PartitionId> released) {
    releases.add(Set.copyOf(released));
    return Optional.empty();
  }

  /** The partition sets passed to {@link #commitAndRelease}, in call order. */
  public List<Set<PartitionId>> releases() {
    return List.copyOf(releases);
  }
}
