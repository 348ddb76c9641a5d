package io.streammigration.core.error;

/**
 * Root of every error the SDK and its adapters raise. Unchecked: SPI methods never declare
 * {@code throws Exception}; adapters wrap transport errors in a subtype that says where the
 * problem is.
 *
 * <p>Subtypes: {@link RetriableMigrationException} (a retry may succeed), {@link
 * SourceCorruptionException} (bad input at a partition and position), {@link
 * CheckpointCorruptionException} (a torn or corrupt checkpoint, never used), {@link
 * MigrationConfigException} (an invalid setting, raised at build time) and {@link
 * OrderingViolationException} (a duplicate, gap or reorder under the FAIL policy).
 */
public class MigrationException extends RuntimeException {

  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
