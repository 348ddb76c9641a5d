package io.streammigration.core.error;

/**
 * A failure that may succeed if the same operation is tried again (a broker unavailable, a
 * transient I/O error). Adapters throw it, or a subclass, to mark a failure retriable; every other
 * {@link MigrationException} is treated as fatal.
 */
public class RetriableMigrationException extends MigrationException {

  public RetriableMigrationException(String message) {
    super(message);
  }

  public RetriableMigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
