package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;

/**
 * This instance of an exactly-once migration has been replaced and must stop: another instance
 * took over its transactional id, or (in consumer-group mode with {@link
 * TransactionalKafkaSink#fencedBy}) the consumer group declared it dead and gave its partitions to
 * another member. The transaction in progress was aborted; nothing of it became visible.
 *
 * <p>Not retriable: retrying a commit cannot bring the aborted writes back. A group member that
 * was fenced may be started again (a new run with new adapters): it rejoins the group and resumes
 * each partition it is assigned from that partition's committed position. An instance fenced by
 * its transactional id must not be restarted while the instance that fenced it runs, or the two
 * keep fencing each other.
 */
public class InstanceFencedException extends MigrationException {

  public InstanceFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
