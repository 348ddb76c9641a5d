package io.streammigration.core.error;

/**
 * A failure that ends the current run but not the migration: trying the failed call again within
 * the run would be wrong (the run's state is gone, as when a transaction was aborted under it),
 * yet a new run, with new adapters, resuming from the last committed checkpoint can succeed. A
 * consumer-group member whose partitions were reassigned is the typical case: it must stop, and
 * may rejoin.
 *
 * <p>{@link io.streammigration.core.policy.RetryPolicy#isRetriable} is false for it, so the
 * engine never retries the failed call; {@link
 * io.streammigration.core.policy.RetryPolicy#isRestartable} is true, so {@link
 * io.streammigration.core.engine.RestartingMigration} starts a new run. Without a restarting
 * wrapper it ends the migration like any other {@link MigrationException}.
 */
public class RestartableMigrationException extends MigrationException {

  public RestartableMigrationException(String message) {
    super(message);
  }

  public RestartableMigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
