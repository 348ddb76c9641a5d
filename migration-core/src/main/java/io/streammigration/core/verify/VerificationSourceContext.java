package io.streammigration.core.verify;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.spi.SourceContext;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The context a source gets while the verifier reads it. No engine runs and nothing is written,
 * so there is nothing to commit: {@link #commitAndRelease} commits nothing and returns empty ("no
 * checkpoint was ever committed"), which is what a source already handles at a fresh start. It
 * does not throw, so a consumer-group source whose partitions are revoked mid-verification keeps
 * working; the verifier then simply sees fewer records of those partitions, which the report
 * shows as missing.
 */
final class VerificationSourceContext implements SourceContext {

  private final String id;

  VerificationSourceContext(String id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  @Override
  public String migrationId() {
    return id;
  }

  @Override
  public Optional<Checkpoint> commitAndRelease(Set<PartitionId> released) {
    Objects.requireNonNull(released, "released");
    return Optional.empty();
  }
}
