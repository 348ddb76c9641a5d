package io.streammigration.kafka;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;

/**
 * What a {@link KafkaSource} in consumer-group mode tells the {@link TransactionalKafkaSink} fenced
 * by it, so that each transaction proves the instance still owns the partitions it writes (Kafka's
 * KIP-447): the consumer group metadata (group, generation, member) under which the records handed
 * out so far were read. The sink commits the transaction's source offsets with {@code
 * sendOffsetsToTransaction(offsets, metadata)}; the group coordinator refuses them, and with them
 * the whole transaction, when that member is no longer in that generation of the group.
 *
 * <h2>Protocol</h2>
 *
 * <ol>
 *   <li>Reader thread (the source, which alone touches its {@code KafkaConsumer}): publishes {@code
 *       consumer.groupMetadata()} after every {@code poll} and at the start of a revocation,
 *       before the engine commits the revoked partitions. Never after partitions were <em>lost</em>
 *       (the member was declared dead): the source then fails instead, and what stays published is
 *       the stale metadata, which the coordinator refuses.
 *   <li>Writer thread (the sink): at each commit reads the published metadata and sends it with the
 *       offsets of the partitions written in the transaction.
 * </ol>
 *
 * <h2>Why the latest metadata may vouch for records read earlier</h2>
 *
 * A transaction may hold records polled under an older generation than the one published at its
 * commit. That is sound as long as the member owned their partitions without a break in between,
 * which the eager rebalance protocol guarantees: every rebalance first revokes all partitions, and
 * the engine commits everything read so far (under the old generation, still current while the
 * group waits for this member to rejoin) before the member rejoins. Partitions that leave without a
 * revocation were lost, and the source fails on that. The cooperative protocol (and the KIP-848
 * consumer protocol) bump the generation while a member keeps its partitions, at moments the
 * writer cannot see, so a commit racing a rebalance would be refused needlessly; {@link
 * #requireEagerProtocol} refuses those configurations.
 *
 * <p>The coordinator checks the metadata when the offsets are sent, not when the transaction
 * commits. A member paused between the two may still commit after its partitions moved; the new
 * owner does not resume before that transaction is decided, because it reads the checkpoint topic
 * (to which the sink flushes the transaction's positions before sending the offsets) past every
 * transaction open when it starts reading; see {@link CheckpointTopic#read}.
 */
final class GroupFence {

  private static final Duration CLUSTER_ID_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> EAGER_ASSIGNORS = Set.of("RangeAssignor", "RoundRobinAssignor", "StickyAssignor");

  private final KafkaSourceConfig sourceConfig;
  private final AtomicBoolean linked = new AtomicBoolean();
  private volatile ConsumerGroupMetadata metadata;

  GroupFence(KafkaSourceConfig sourceConfig) {
    this.sourceConfig = sourceConfig;
  }

  /** Links the fence to a sink; a source fences one sink only. Any thread, before the run. */
  void link() {
    requireEagerProtocol(sourceConfig.clientSettings());
    if (!linked.compareAndSet(false, true)) {
      throw new MigrationConfigException("fencedBy", "this KafkaSource already fences another sink; give each instance its own source and sink");
    }
  }

  /** Undoes {@link #link}: the sink found it cannot be fenced (other cluster) before the run. */
  void unlink() {
    linked.set(false);
  }

  /** True once a sink is fenced by this source. */
  boolean isLinked() {
    return linked.get();
  }

  String groupId() {
    return sourceConfig.groupId().orElseThrow();
  }

  /** Reader thread: the consumer's metadata now vouches for every record handed out so far. */
  void publish(ConsumerGroupMetadata current) {
    metadata = current;
  }

  /** The metadata commits go out with now, or null if the source never joined the group. */
  ConsumerGroupMetadata metadata() {
    return metadata;
  }

  /** The id of the source's cluster, asked of it with the source's client settings. Blocks. */
  String sourceClusterId() {
    Map<String, Object> settings = new HashMap<>(sourceConfig.clientSettings().asMap());
    settings.keySet().retainAll(AdminClientConfig.configNames());
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sourceConfig.bootstrapServers());
    try (Admin admin = Admin.create(settings)) {
      return admin.describeCluster().clusterId().get(CLUSTER_ID_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new MigrationException(
          "cannot find the id of the source cluster " + sourceConfig.bootstrapServers() + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new MigrationException("finding the id of the source cluster " + sourceConfig.bootstrapServers() + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException("interrupted finding the id of the source cluster", e);
    } catch (KafkaException e) {
      throw new MigrationException("cannot find the id of the source cluster " + sourceConfig.bootstrapServers() + ": " + e, e);
    }
  }

  /**
   * Writer thread: adds {@code offsets} to the producer's open transaction under the published
   * metadata, so that the group refuses them, and the transaction with them, if this member is no
   * longer in that generation.
   *
   * @param what the commit, for the error message
   * @throws InstanceFencedException if the group refused (the caller must abort the transaction)
   */
  void sendOffsetsToTransaction(
      KafkaProducer<byte[], byte[]> producer, Map<TopicPartition, OffsetAndMetadata> offsets, String what) {
    if (offsets.isEmpty()) {
      return;
    }
    ConsumerGroupMetadata current = metadata;
    String partitions = new TreeSet<>(offsets.keySet().stream().map(TopicPartition::toString).toList()).toString();
    if (current == null || current.generationId() < 0 || current.memberId().isEmpty()) {
      // Without a generation and member the coordinator would accept the offsets unchecked.
      throw new InstanceFencedException(
          what + " not committed: the source is not a member of consumer group " + groupId() + " right now, so"
              + " nothing proves it still owns partitions " + partitions + "; the transaction was aborted", null);
    }
    try {
      producer.sendOffsetsToTransaction(offsets, current);
    } catch (CommitFailedException | FencedInstanceIdException e) {
      throw new InstanceFencedException(
          what + " not committed: consumer group " + current.groupId() + " refused its offsets for partitions "
              + partitions + " because this instance's membership (generation " + current.generationId() + ", member "
              + current.memberId() + ") is no longer current: another member owns them now. The transaction was"
              + " aborted and nothing of it is visible; start the instance again to rejoin the group", e);
    }
  }

  /**
   * Why a sink on cluster {@code destinationClusterId} cannot be fenced by this source's group on
   * {@code sourceClusterId}: a transaction can commit offsets only to groups of the cluster it
   * writes to.
   */
  MigrationException acrossClusters(String sourceClusterId, String destinationClusterId, String transactionalId) {
    return new MigrationException(
        "transactional sink " + transactionalId + " is fenced by consumer group " + groupId() + " of cluster "
            + sourceClusterId + ", but writes to cluster " + destinationClusterId + ": a transaction can only"
            + " commit offsets to a group of the cluster it writes to, so this fence cannot work across clusters."
            + " Drop fencedBy (or use fencedByIfOneCluster) and see the module README for what limits the risk instead");
  }

  /** Refuses consumer settings under which a member's generation moves while it keeps partitions. */
  static void requireEagerProtocol(ClientSettings settings) {
    String protocol = settings.get("group.protocol");
    if (protocol != null && !protocol.equalsIgnoreCase("classic")) {
      throw new MigrationConfigException(
          "fencedBy", "group.protocol=" + protocol + ": fencing by the consumer group needs the classic protocol with an"
              + " eager assignor (the default), whose rebalances revoke every partition before the generation changes");
    }
    String assignors = settings.get("partition.assignment.strategy");
    if (assignors == null) {
      return; // default [RangeAssignor, CooperativeStickyAssignor]: the protocol all support is eager
    }
    for (String token : assignors.split("[,\\[\\]\\s]+")) {
      String simpleName = token.substring(token.lastIndexOf('.') + 1);
      if (EAGER_ASSIGNORS.contains(simpleName)) {
        return; // the group uses the protocol every listed assignor supports: eager
      }
    }
    throw new MigrationConfigException(
        "fencedBy", "partition.assignment.strategy=" + assignors + " selects the cooperative rebalance protocol;"
            + " fencing by the consumer group needs an eager one: include RangeAssignor, RoundRobinAssignor or"
            + " StickyAssignor (the default list does)");
  }
}
