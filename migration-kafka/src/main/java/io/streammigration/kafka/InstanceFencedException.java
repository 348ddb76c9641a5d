package io.streammigration.kafka;

import io.streammigration.core.error.RestartableMigrationException;

/**
 * This instance of an exactly-once migration has been replaced and must stop: another instance
 * took over its transactional id, or (in consumer-group mode with {@link
 * TransactionalKafkaSink#fencedBy}) the consumer group declared it dead and gave its partitions to
 * another member. The transaction in progress was aborted; nothing of it became visible.
 *
 * <p>Not retriable within the run: retrying a commit cannot bring the aborted writes back. But
 * {@linkplain RestartableMigrationException restartable}: a new run with new adapters (what {@link
 * io.streammigration.core.engine.RestartingMigration} starts) recovers from the committed
 * checkpoint. A group member rejoins the group and resumes each partition it is assigned from that
 * partition's committed position; an instance whose transaction the broker aborted after {@code
 * transaction.timeout.ms} (a long pause) simply carries on. The one case a restart does not mend is
 * two live instances sharing a transactional id, a configuration error: they then keep fencing
 * each other, each committing some work in between (exactly-once holds), with a warning per
 * restart that names the transactional id.
 */
public class InstanceFencedException extends RestartableMigrationException {

  public InstanceFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
