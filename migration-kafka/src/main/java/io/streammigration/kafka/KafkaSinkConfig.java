package io.streammigration.kafka;

import io.streammigration.core.error.MigrationConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable, validated configuration of a {@link KafkaSink} or {@link TransactionalKafkaSink}.
 * Build one with {@link #builder()}; invalid settings fail at {@link Builder#build()} with a {@link
 * io.streammigration.core.error.MigrationConfigException} naming the setting.
 *
 * <p>Defaults: {@link TopicMapping#sameTopic()}, {@link Partitioning#PRESERVE}, checkpoint topic
 * {@value #DEFAULT_CHECKPOINT_TOPIC}, transactional id {@code "sm-" + migrationId}, close timeout
 * 5 s.
 */
public final class KafkaSinkConfig {

  /** The checkpoint topic used unless {@link Builder#checkpointTopic} names another. */
  public static final String DEFAULT_CHECKPOINT_TOPIC = "stream-migration-checkpoints";

  private final String bootstrapServers;
  private final ClientSettings clientSettings;
  private final TopicMapping topicMapping;
  private final Partitioning partitioning;
  private final String checkpointTopic;
  private final String transactionalId;
  private final Duration closeTimeout;
  private final boolean positionsPerPartition;

  private KafkaSinkConfig(Builder b) {
    this.positionsPerPartition = b.positionsPerPartition;
    this.bootstrapServers = b.bootstrapServers;
    this.clientSettings = b.clientSettings;
    this.topicMapping = b.topicMapping;
    this.partitioning = b.partitioning;
    this.checkpointTopic = b.checkpointTopic;
    this.transactionalId = b.transactionalId;
    this.closeTimeout = b.closeTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public ClientSettings clientSettings() {
    return clientSettings;
  }

  public TopicMapping topicMapping() {
    return topicMapping;
  }

  public Partitioning partitioning() {
    return partitioning;
  }

  /** The compacted topic holding the exactly-once sink's checkpoints. */
  public String checkpointTopic() {
    return checkpointTopic;
  }

  /** The transactional id, if set explicitly; else {@code "sm-" + migrationId}. */
  public Optional<String> transactionalId() {
    return Optional.ofNullable(transactionalId);
  }

  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** True if each commit also records per-partition positions (consumer-group mode). */
  public boolean positionsPerPartition() {
    return positionsPerPartition;
  }

  /** The configuration with secret client settings hidden; safe to log. */
  @Override
  public String toString() {
    return "KafkaSinkConfig{bootstrapServers=" + bootstrapServers + ", partitioning=" + partitioning
        + ", checkpointTopic=" + checkpointTopic + ", transactionalId=" + transactionalId
        + ", clientSettings=" + clientSettings + "}";
  }

  /** Builds a {@link KafkaSinkConfig}. Not thread-safe. */
  public static final class Builder {
    private String bootstrapServers;
    private ClientSettings clientSettings = ClientSettings.none();
    private TopicMapping topicMapping = TopicMapping.sameTopic();
    private Partitioning partitioning = Partitioning.PRESERVE;
    private String checkpointTopic = DEFAULT_CHECKPOINT_TOPIC;
    private String transactionalId;
    private Duration closeTimeout = Duration.ofSeconds(5);
    private boolean positionsPerPartition;

    private Builder() {}

    /**
     * Consumer-group mode: each commit of the exactly-once sink also writes, in the same
     * transaction, the position of every source partition it wrote records of, keyed {@code
     * <migrationId>/p/<partition>}, so that an instance newly assigned a partition resumes from
     * it ({@link CheckpointTopicPositions}). Give each instance its own {@link #transactionalId}.
     * Default false.
     */
    public Builder positionsPerPartition(boolean positionsPerPartition) {
      this.positionsPerPartition = positionsPerPartition;
      return this;
    }

    /** Required: {@code host:port[,host:port...]} of the destination cluster. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /**
     * Producer (and admin) settings passed through unchanged. The sinks override only what their
     * guarantee needs: {@code enable.idempotence=true} and {@code acks=all} always, {@code
     * transactional.id} for the exactly-once sink; serializers are byte arrays.
     */
    public Builder clientSettings(Map<String, ?> settings) {
      this.clientSettings = ClientSettings.of(settings);
      return this;
    }

    /** Destination topic per source partition. Default {@link TopicMapping#sameTopic()}. */
    public Builder topicMapping(TopicMapping topicMapping) {
      this.topicMapping = Objects.requireNonNull(topicMapping, "topicMapping");
      return this;
    }

    /** Destination partition per record. Default {@link Partitioning#PRESERVE}. */
    public Builder partitioning(Partitioning partitioning) {
      this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
      return this;
    }

    /**
     * The compacted topic the exactly-once sink commits checkpoints to, created (1 partition,
     * {@code cleanup.policy=compact}) if missing. Default {@value #DEFAULT_CHECKPOINT_TOPIC}.
     */
    public Builder checkpointTopic(String checkpointTopic) {
      this.checkpointTopic = checkpointTopic;
      return this;
    }

    /**
     * The exactly-once sink's transactional id. A restarted migration must use the same one: that
     * is what fences its predecessor. Default {@code "sm-" + migrationId}.
     */
    public Builder transactionalId(String transactionalId) {
      this.transactionalId = transactionalId;
      return this;
    }

    /** How long {@code close()} waits for in-flight sends. Default 5 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
      return this;
    }

    /** Validates and builds. */
    public KafkaSinkConfig build() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new MigrationConfigException("bootstrapServers", "required, e.g. \"broker1:9092\"");
      }
      if (checkpointTopic == null || checkpointTopic.isBlank()) {
        throw new MigrationConfigException("checkpointTopic", "required (a topic name)");
      }
      if (transactionalId != null && transactionalId.isBlank()) {
        throw new MigrationConfigException("transactionalId", "blank; leave it unset for the default");
      }
      if (closeTimeout.isNegative()) {
        throw new MigrationConfigException("closeTimeout", "negative: " + closeTimeout);
      }
      if (clientSettings.get("transactional.id") != null) {
        throw new MigrationConfigException(
            "clientSettings", "set the transactional id with transactionalId(...), not transactional.id");
      }
      String acks = clientSettings.get("acks");
      if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
        throw new MigrationConfigException("clientSettings", "acks=" + acks + " can lose acknowledged records; the sinks need acks=all");
      }
      if ("false".equals(clientSettings.get("enable.idempotence"))) {
        throw new MigrationConfigException(
            "clientSettings", "enable.idempotence=false can duplicate or reorder records on retry; the sinks need it");
      }
      return new KafkaSinkConfig(this);
    }
  }
}
