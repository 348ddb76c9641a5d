package io.streammigration.kafka;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.CheckpointCodec;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.PositionSerializer;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.TransactionalSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXACTLY_ONCE Kafka sink: each checkpoint is one Kafka producer transaction holding the data
 * written since the previous checkpoint AND a checkpoint record, so both become visible to
 * read_committed consumers together or not at all.
 *
 * <h2>Where the checkpoint lives</h2>
 *
 * Partition 0 of the compacted {@linkplain KafkaSinkConfig#checkpointTopic() checkpoint topic}
 * (created with 1 partition and {@code cleanup.policy=compact} if missing), keyed by the
 * transactional id (UTF-8; {@code "sm-" + migrationId} unless configured); the value is the {@link CheckpointCodec} encoding of the checkpoint, which
 * is checksummed. Compaction keeps the latest checkpoint of every migration sharing the topic.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open}: creates the checkpoint topic if needed and the transactional producer
 *       (transactional id {@code "sm-" + migrationId} unless configured). Blocks.
 *   <li>{@link #recover()}: {@code initTransactions()}, which fences any older producer with the
 *       same transactional id (a zombie's later writes fail) and aborts its open transaction; then
 *       reads the last committed checkpoint with read_committed. Blocks.
 *   <li>{@link #write}: begins a transaction if none is open and sends the records into it.
 *   <li>{@link #commit}: sends the checkpoint record into the transaction (and, when {@linkplain
 *       #fencedBy fenced by a consumer group}, the source offsets under the group's metadata) and
 *       commits it. Repeating
 *       the last committed checkpoint does nothing; an older id is rejected. When the commit's
 *       outcome is unknown (a timeout or interrupt), the sink does not guess: it replaces the
 *       producer (whose {@code initTransactions} completes or aborts the pending transaction) and
 *       reads the committed checkpoint back. If that is the checkpoint being committed, commit
 *       returns normally; otherwise it throws, and the next run resumes from what is committed.
 *   <li>{@link #close()}: closes the producer. An open transaction is not committed; it is aborted
 *       by the next {@code recover()} (or by the broker after {@code transaction.timeout.ms}).
 * </ol>
 *
 * <p><b>Threads.</b> The engine's writer thread calls every method.
 */
public final class TransactionalKafkaSink implements TransactionalSink {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionalKafkaSink.class);

  private final KafkaSinkConfig config;
  /**
   * Consumer-group mode: the source whose group metadata each transaction carries, or null. Set
   * back to null when the sink opens if it was fenced {@link #fencedByIfOneCluster only on one
   * cluster} and the clusters differ.
   */
  private GroupFence fence;
  /** True if a fence across clusters is dropped with a warning rather than refused. */
  private final boolean fenceOnOneClusterOnly;
  private String migrationId;
  private byte[] checkpointKey;
  private String transactionalId;
  private Destination destination;
  private KafkaProducer<byte[], byte[]> producer;
  private boolean inTransaction;
  /** Source partitions written since the last commit: whose positions a group-mode commit records. */
  private final Set<PartitionId> written = new HashSet<>();
  private Optional<Checkpoint> lastCommitted = Optional.empty();
  private boolean recovered;
  private boolean closed;
  /** Tests only: runs inside commit, after everything is sent and before the transaction commits. */
  private Runnable beforeCommitTransaction = () -> {};

  public TransactionalKafkaSink(KafkaSinkConfig config) {
    this(config, null, false);
  }

  private TransactionalKafkaSink(KafkaSinkConfig config, GroupFence fence, boolean fenceOnOneClusterOnly) {
    this.config = Objects.requireNonNull(config, "config");
    this.fence = fence;
    this.fenceOnOneClusterOnly = fenceOnOneClusterOnly;
  }

  /**
   * A sink like this one whose transactions are fenced by {@code source}'s consumer group (Kafka's
   * KIP-447): each commit also commits, with {@code sendOffsetsToTransaction}, the source offsets
   * it covers (each partition written in the transaction, at its checkpointed offset + 1) under the
   * group metadata of the consumer that read them. The group coordinator refuses the offsets, and
   * the sink then aborts the transaction and throws {@link InstanceFencedException}, when the group
   * has moved on from this member: a paused instance whose partitions went to another member
   * commits nothing when it resumes. The offsets go to the group for lag tools too; recovery still
   * reads positions from the checkpoint topic only.
   *
   * <p>Requirements, checked here or when the sink opens: {@code source} is in consumer-group mode
   * ({@link KafkaSourceConfig.Builder#consumerGroup}) with the classic group protocol and an eager
   * assignor (the defaults); this sink records {@link KafkaSinkConfig.Builder#positionsPerPartition
   * positions per partition}; and source and destination are <b>the same Kafka cluster</b>, because
   * a transaction can commit offsets only to groups of the cluster it writes to. Across clusters
   * there is no such fence; see the module README for what to do instead. The sink principal needs
   * {@code READ} on the group.
   *
   * <p>Link each instance's sink to that instance's source, before the migration is built; a
   * source fences one sink.
   *
   * @throws MigrationConfigException if a requirement that can be checked without the cluster is
   *     not met
   */
  public TransactionalKafkaSink fencedBy(KafkaSource source) {
    return fenced(source, false);
  }

  /**
   * As {@link #fencedBy}, but where source and destination turn out to be different clusters
   * (found when the sink opens, by asking each for its cluster id, never by comparing bootstrap
   * strings) the sink runs unfenced and logs one warning instead of refusing to open. For tools
   * that run one configuration against either layout, such as {@code migrate run} with {@code
   * scale-out=true}. Across clusters zombie fencing then rests on timeouts: keep {@code
   * transaction.timeout.ms} below the consumer's {@code session.timeout.ms}.
   *
   * @throws MigrationConfigException as {@link #fencedBy}: the settings rule the fence out
   */
  public TransactionalKafkaSink fencedByIfOneCluster(KafkaSource source) {
    return fenced(source, true);
  }

  private TransactionalKafkaSink fenced(KafkaSource source, boolean oneClusterOnly) {
    Objects.requireNonNull(source, "source");
    if (fence != null) {
      throw new MigrationConfigException("fencedBy", "this sink is already fenced by a source");
    }
    GroupFence groupFence = source.groupFence();
    if (groupFence == null) {
      throw new MigrationConfigException(
          "fencedBy", "the source is not in consumer-group mode (KafkaSourceConfig.Builder.consumerGroup); in assign"
              + " mode every instance has its own partitions and its transactional id fences its predecessor");
    }
    if (!config.positionsPerPartition()) {
      throw new MigrationConfigException(
          "fencedBy", "consumer-group mode needs positionsPerPartition(true) in the sink configuration");
    }
    groupFence.link();
    return new TransactionalKafkaSink(config, groupFence, oneClusterOnly);
  }

  @Override
  public void open(SinkContext context) {
    migrationId = context.migrationId();
    transactionalId = config.transactionalId().orElse("sm-" + migrationId);
    // Keyed by transactional id: instances sharing a migration in group mode keep their own.
    checkpointKey = transactionalId.getBytes(StandardCharsets.UTF_8);
    destination = new Destination(config);
    if (fence != null) {
      String sourceCluster = fence.sourceClusterId();
      String destinationCluster = destination.clusterId();
      if (!sourceCluster.equals(destinationCluster)) {
        if (!fenceOnOneClusterOnly) {
          throw fence.acrossClusters(sourceCluster, destinationCluster, transactionalId);
        }
        LOG.warn("transactional sink {} writes to cluster {}, its source's consumer group {} is on cluster {}: the"
            + " instances are not fenced by the group, which can only vouch for transactions on its own cluster."
            + " Zombie fencing across clusters relies on timeouts: keep transaction.timeout.ms below"
            + " session.timeout.ms, so that an instance paused long enough to lose its partitions finds its"
            + " transaction aborted when it resumes",
            transactionalId, destinationCluster, fence.groupId(), sourceCluster);
        fence.unlink();
        fence = null;
      }
    } else if (config.positionsPerPartition()) {
      LOG.info("transactional sink {} is not fenced by its source's consumer group (see fencedBy): an instance paused"
          + " past its session timeout could still commit when it resumes, unless transaction.timeout.ms is below"
          + " session.timeout.ms", transactionalId);
    }
    destination.ensureCheckpointTopic(config.checkpointTopic());
    producer = newProducer();
  }

  @Override
  public Optional<Checkpoint> recover() {
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      throw translate("initializing transactions", e);
    }
    inTransaction = false;
    written.clear();
    lastCommitted = readCommittedCheckpoint();
    recovered = true;
    LOG.info("transactional sink {} recovered checkpoint {}", transactionalId,
        lastCommitted.map(Checkpoint::toString).orElse("none"));
    return lastCommitted;
  }

  @Override
  public void write(List<Record> records) {
    requireRecovered();
    beginIfNeeded();
    try {
      destination.send(producer, records);
    } catch (KafkaWriteException e) {
      throw fencedOr(e);
    }
    if (config.positionsPerPartition()) {
      for (int i = 0, n = records.size(); i < n; i++) {
        written.add(records.get(i).partition());
      }
    }
  }

  @Override
  public void commit(Checkpoint checkpoint) {
    requireRecovered();
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (lastCommitted.isPresent()) {
      long last = lastCommitted.get().id();
      if (checkpoint.id() == last) {
        return; // already committed: the engine repeats a commit whose outcome it did not learn
      }
      if (checkpoint.id() < last) {
        throw new MigrationException(
            "checkpoint " + checkpoint.id() + " is older than the committed checkpoint " + last
                + " of migration " + migrationId + "; refusing to move the checkpoint back");
      }
    }
    beginIfNeeded();
    try {
      for (PartitionId partition : written) {
        // Only partitions this instance wrote: it owns them now; others' positions stay theirs.
        checkpoint.position(partition).ifPresent(position ->
            destination.send(config.checkpointTopic(), producer, new ProducerRecord<>(config.checkpointTopic(), 0,
                CheckpointTopicPositions.key(migrationId, partition), PositionSerializer.toBytes(position))));
      }
      destination.send(config.checkpointTopic(), producer, checkpointRecord(checkpoint));
      // Flushed before the offsets go out: once the coordinator has accepted them, this
      // transaction is in the checkpoint topic, so a new owner's read waits for its outcome.
      producer.flush();
      destination.throwIfFailed();
      if (fence != null) {
        commitSourceOffsets(checkpoint);
      }
      beforeCommitTransaction.run();
      producer.commitTransaction();
    } catch (KafkaWriteException e) {
      abortQuietly();
      throw fencedOr(e);
    } catch (KafkaAuthorizationException e) {
      abortQuietly();
      throw e;
    } catch (TimeoutException | InterruptException e) {
      if (e instanceof InterruptException) {
        Thread.interrupted(); // re-check with a usable thread; the interrupt is restored below
      }
      resolveUnknownOutcome(checkpoint, e);
      if (e instanceof InterruptException) {
        Thread.currentThread().interrupt();
      }
      return;
    } catch (KafkaException e) {
      abortQuietly();
      MigrationException error = translate("committing checkpoint " + checkpoint.id(), e);
      if (error instanceof RetriableMigrationException) {
        // Never retriable once aborted: the abort took this interval's writes with it, so a retried
        // commit would commit the checkpoint without the records it claims.
        error = new MigrationException(error.getMessage() + "; the transaction was aborted, resume from the last"
            + " committed checkpoint", e);
      }
      throw error;
    }
    inTransaction = false;
    written.clear();
    lastCommitted = Optional.of(checkpoint);
  }

  @Override
  public void flush() {
    // Data becomes durable only through commit; the engine never calls flush on a transactional sink.
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (producer != null) {
        producer.close(config.closeTimeout());
      }
    } finally {
      if (destination != null) {
        destination.close();
      }
    }
  }

  /**
   * Kills the producer without aborting anything, as a crashed process would; for tests. With
   * {@code letSendsLand}, sends already handed to the producer reach the broker first (a process
   * that died just after its writes went out).
   */
  void abandon(boolean letSendsLand) {
    closed = true;
    if (producer != null) {
      if (letSendsLand) {
        try {
          producer.flush();
        } catch (KafkaException e) {
          // fenced or failed: nothing more will land either way
        }
      }
      producer.close(Duration.ZERO);
    }
    if (destination != null) {
      destination.close();
    }
  }

  /** For tests: pauses or observes a commit between its last send and the transaction's commit. */
  void beforeCommitTransaction(Runnable hook) {
    this.beforeCommitTransaction = Objects.requireNonNull(hook, "hook");
  }

  @Override
  public String toString() {
    return "TransactionalKafkaSink{" + transactionalId + "}";
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Adds the source offsets the checkpoint covers (the partitions written in this transaction) to
   * the transaction under the source consumer's group metadata; aborts and rethrows if the group
   * refuses them.
   */
  private void commitSourceOffsets(Checkpoint checkpoint) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionId partition : written) {
      TopicPartition tp = KafkaPartitions.topicPartition(partition).orElseThrow(
          () -> new IllegalStateException("source partition " + partition + " is not a Kafka partition"));
      checkpoint.position(partition).ifPresent(p -> offsets.put(tp, new OffsetAndMetadata(KafkaPartitions.offset(p) + 1)));
    }
    try {
      fence.sendOffsetsToTransaction(producer, offsets, "checkpoint " + checkpoint.id() + " of migration " + migrationId);
    } catch (InstanceFencedException e) {
      abortQuietly();
      throw e;
    }
  }

  private KafkaProducer<byte[], byte[]> newProducer() {
    try {
      return Destination.producer(config, transactionalId, Map.of("transactional.id", transactionalId));
    } catch (KafkaException e) {
      throw new MigrationException("creating the transactional producer failed: " + e, e);
    }
  }

  private ProducerRecord<byte[], byte[]> checkpointRecord(Checkpoint checkpoint) {
    return new ProducerRecord<>(config.checkpointTopic(), 0, checkpointKey, CheckpointCodec.encode(checkpoint));
  }

  private Optional<Checkpoint> readCommittedCheckpoint() {
    List<ConsumerRecord<byte[], byte[]>> records =
        CheckpointTopic.read(
            config.bootstrapServers(), config.clientSettings(), config.checkpointTopic(),
            CheckpointTopic.keyEquals(checkpointKey));
    if (records.isEmpty()) {
      return Optional.empty();
    }
    ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
    return Optional.of(CheckpointCodec.decode(last.value(), config.checkpointTopic() + "-0@" + last.offset()));
  }

  /**
   * The commit may or may not have happened. A new producer with the same transactional id
   * completes a commit the coordinator had accepted and aborts anything else; then the committed
   * checkpoint says which it was.
   */
  private void resolveUnknownOutcome(Checkpoint checkpoint, KafkaException cause) {
    LOG.warn("outcome of committing checkpoint {} unknown ({}); re-checking with a new producer", checkpoint.id(), cause.toString());
    producer.close(Duration.ZERO);
    producer = newProducer();
    inTransaction = false;
    written.clear();
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      MigrationException error = translate("re-initializing transactions after an unknown commit outcome", e);
      error.addSuppressed(cause);
      throw error;
    }
    lastCommitted = readCommittedCheckpoint();
    if (lastCommitted.isEmpty() || lastCommitted.get().id() != checkpoint.id()) {
      throw new MigrationException(
          "checkpoint " + checkpoint.id() + " of migration " + migrationId + " was not committed (the transaction"
              + " was aborted after " + cause + "); the committed checkpoint is "
              + lastCommitted.map(c -> Long.toString(c.id())).orElse("none") + ", resume from it", cause);
    }
  }

  private void beginIfNeeded() {
    if (!inTransaction) {
      try {
        producer.beginTransaction();
      } catch (KafkaException e) {
        throw translate("beginning a transaction", e);
      }
      inTransaction = true;
    }
  }

  private void abortQuietly() {
    inTransaction = false;
    written.clear();
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      // Fenced or broken producer: the broker aborts the transaction at the next recover.
      LOG.debug("abort after a failed commit failed too: {}", e.toString());
    }
  }

  private void requireRecovered() {
    if (!recovered) {
      throw new IllegalStateException("call recover() before write or commit");
    }
  }

  /** A send that failed because a newer instance fenced this one is reported as fencing. */
  private MigrationException fencedOr(KafkaWriteException e) {
    if (e.getCause() instanceof ProducerFencedException || e.getCause() instanceof InvalidProducerEpochException) {
      MigrationException fenced = translate("writing to topic " + e.topic() + " partition " + e.partition(), (KafkaException) e.getCause());
      fenced.addSuppressed(e);
      return fenced;
    }
    return e;
  }

  private MigrationException translate(String action, KafkaException e) {
    if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
      return new InstanceFencedException(
          action + " failed: transactional id " + transactionalId + " was taken over by a newer instance of"
              + " migration " + migrationId + " (or the broker aborted its transaction after transaction.timeout.ms);"
              + " this instance is fenced and stops", e);
    }
    Optional<KafkaAuthorizationException> refused = KafkaAuthorizationException.in(
        e, action, null, "WRITE and DESCRIBE", transactionalId, config.bootstrapServers(), config.clientSettings());
    if (refused.isPresent()) {
      return refused.get();
    }
    String message = action + " on " + config.bootstrapServers() + " failed: " + e;
    return e instanceof org.apache.kafka.common.errors.RetriableException
        ? new RetriableMigrationException(message, e)
        : new MigrationException(message, e);
  }
}
