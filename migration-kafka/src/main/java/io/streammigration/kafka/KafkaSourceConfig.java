package io.streammigration.kafka;

import io.streammigration.core.error.MigrationConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The immutable, validated configuration of a {@link KafkaSource}. Build one with {@link
 * #builder()}; invalid settings fail at {@link Builder#build()} with a {@link
 * MigrationConfigException} naming the setting.
 *
 * <p>Defaults: start at {@link StartPosition#earliest()}, read_uncommitted, unbounded, {@link
 * GapPolicy#FAIL}, no consumer group (no offsets committed for lag tools).
 */
public final class KafkaSourceConfig {

  private final String bootstrapServers;
  private final ClientSettings clientSettings;
  private final List<String> topics;
  private final List<TopicPartition> partitions;
  private final StartPosition startPosition;
  private final boolean readCommitted;
  private final boolean bounded;
  private final GapPolicy gapPolicy;
  private final String groupId;
  private final String timestampTypeHeader;
  private final CommittedPositions committedPositions;

  private KafkaSourceConfig(Builder b) {
    this.committedPositions = b.committedPositions;
    this.bootstrapServers = b.bootstrapServers;
    this.clientSettings = b.clientSettings;
    this.topics = List.copyOf(b.topics);
    this.partitions = List.copyOf(b.partitions);
    this.startPosition = b.startPosition;
    this.readCommitted = b.readCommitted;
    this.bounded = b.bounded;
    this.gapPolicy = b.gapPolicy;
    this.groupId = b.groupId;
    this.timestampTypeHeader = b.timestampTypeHeader;
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

  /** Topics read in full (every partition, as found at open). */
  public List<String> topics() {
    return topics;
  }

  /** Individual partitions read, besides whole {@link #topics()}. */
  public List<TopicPartition> partitions() {
    return partitions;
  }

  public StartPosition startPosition() {
    return startPosition;
  }

  public boolean readCommitted() {
    return readCommitted;
  }

  /** True if the source ends at the end offsets it finds when it opens. */
  public boolean bounded() {
    return bounded;
  }

  public GapPolicy gapPolicy() {
    return gapPolicy;
  }

  /** The consumer group whose offsets are committed for lag tools, if any. */
  public Optional<String> groupId() {
    return Optional.ofNullable(groupId);
  }

  /** In consumer-group mode, where assigned partitions' committed positions come from. */
  public Optional<CommittedPositions> committedPositions() {
    return Optional.ofNullable(committedPositions);
  }

  /** True if partitions are assigned by the consumer group (several instances share them). */
  public boolean groupMode() {
    return committedPositions != null;
  }

  /** The header carrying each record's timestamp type, if one is configured. */
  public Optional<String> timestampTypeHeader() {
    return Optional.ofNullable(timestampTypeHeader);
  }

  /** The configuration with secret client settings hidden; safe to log. */
  @Override
  public String toString() {
    return "KafkaSourceConfig{bootstrapServers="
        + bootstrapServers
        + ", topics="
        + topics
        + ", partitions="
        + partitions
        + ", start="
        + startPosition
        + ", readCommitted="
        + readCommitted
        + ", bounded="
        + bounded
        + ", gapPolicy="
        + gapPolicy
        + ", groupId="
        + groupId
        + ", clientSettings="
        + clientSettings
        + "}";
  }

  /** Builds a {@link KafkaSourceConfig}. Not thread-safe. */
  public static final class Builder {
    private String bootstrapServers;
    private ClientSettings clientSettings = ClientSettings.none();
    private final List<String> topics = new ArrayList<>();
    private final List<TopicPartition> partitions = new ArrayList<>();
    private StartPosition startPosition = StartPosition.earliest();
    private boolean readCommitted;
    private boolean bounded;
    private GapPolicy gapPolicy = GapPolicy.FAIL;
    private String groupId;
    private String timestampTypeHeader;
    private CommittedPositions committedPositions;

    private Builder() {}

    /**
     * Consumer-group mode: the source subscribes to {@link #topics} as member of {@code groupId},
     * so several migration instances share the partitions. On revocation it commits everything it
     * returned and releases the revoked partitions ({@code SourceContext.commitAndRelease}); on
     * assignment it resumes each partition right after the position {@code positions} reports
     * (committed by whichever instance owned it), or at the start position if none. The
     * checkpoint given to {@code open} is not used for positions in this mode. Not with {@link
     * #bounded} or {@link #partition}. Within one cluster, fence each instance's exactly-once sink
     * by its source ({@link TransactionalKafkaSink#fencedBy}).
     */
    public Builder consumerGroup(String groupId, CommittedPositions positions) {
      this.groupId = groupId;
      this.committedPositions = Objects.requireNonNull(positions, "positions");
      return this;
    }

    /** Required: {@code host:port[,host:port...]} of the source cluster. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /**
     * Consumer settings passed through unchanged (security, timeouts, ...). The source overrides
     * only {@code enable.auto.commit} (false), {@code auto.offset.reset} (none: it seeks itself),
     * {@code isolation.level} (from {@link #readCommitted}) and {@code group.id} (from {@link
     * #groupId}), and sets byte-array deserializers.
     */
    public Builder clientSettings(Map<String, ?> settings) {
      this.clientSettings = ClientSettings.of(settings);
      return this;
    }

    /** Reads every partition of each topic. */
    public Builder topics(String... topics) {
      for (String t : topics) {
        this.topics.add(Objects.requireNonNull(t, "topic"));
      }
      return this;
    }

    /** Reads partition {@code partition} of {@code topic}. */
    public Builder partition(String topic, int partition) {
      this.partitions.add(new TopicPartition(Objects.requireNonNull(topic, "topic"), partition));
      return this;
    }

    /** Where partitions the checkpoint does not name start. Default {@link StartPosition#earliest()}. */
    public Builder startAt(StartPosition startPosition) {
      this.startPosition = Objects.requireNonNull(startPosition, "startPosition");
      return this;
    }

    /**
     * Reads only committed transactional records (isolation.level=read_committed). Default false.
     * Use it when the source topic is written by transactional producers.
     */
    public Builder readCommitted(boolean readCommitted) {
      this.readCommitted = readCommitted;
      return this;
    }

    /**
     * Ends the source at the end offsets (last stable offsets under read_committed) found when it
     * opens; records produced later are left for another run. Default false (unbounded).
     */
    public Builder bounded(boolean bounded) {
      this.bounded = bounded;
      return this;
    }

    /** What to do when offsets to be migrated were deleted. Default {@link GapPolicy#FAIL}. */
    public Builder gapPolicy(GapPolicy gapPolicy) {
      this.gapPolicy = Objects.requireNonNull(gapPolicy, "gapPolicy");
      return this;
    }

    /**
     * A consumer group to commit each durable checkpoint's offsets to, so lag tools see the
     * migration's progress. The group's offsets are never read back: resume always comes from the
     * checkpoint. Default: none.
     */
    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /**
     * Adds a header of this name to every record, holding its Kafka timestamp type ({@code
     * CreateTime} or {@code LogAppendTime}, UTF-8). Default: none; the record's timestamp is
     * delivered either way.
     */
    public Builder timestampTypeHeader(String headerName) {
      this.timestampTypeHeader = headerName;
      return this;
    }

    /** Validates and builds. */
    public KafkaSourceConfig build() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new MigrationConfigException("bootstrapServers", "required, e.g. \"broker1:9092\"");
      }
      if (topics.isEmpty() && partitions.isEmpty()) {
        throw new MigrationConfigException("topics", "name at least one topic or partition to read");
      }
      for (String t : topics) {
        if (t.isBlank()) {
          throw new MigrationConfigException("topics", "a topic name is blank");
        }
      }
      for (TopicPartition tp : partitions) {
        if (tp.partition() < 0) {
          throw new MigrationConfigException("partition", "negative partition number in " + tp);
        }
        if (topics.contains(tp.topic())) {
          throw new MigrationConfigException(
              "partition", tp + " is already read in full through topics(\"" + tp.topic() + "\")");
        }
      }
      if (committedPositions != null && (bounded || !partitions.isEmpty() || topics.isEmpty())) {
        throw new MigrationConfigException(
            "consumerGroup", "group mode reads whole topics, unbounded: name topics only and leave bounded off");
      }
      if (groupId != null && groupId.isBlank()) {
        throw new MigrationConfigException("groupId", "blank; leave it unset for no group");
      }
      if (timestampTypeHeader != null && timestampTypeHeader.isEmpty()) {
        throw new MigrationConfigException("timestampTypeHeader", "empty header name");
      }
      if (clientSettings.get("group.id") != null) {
        throw new MigrationConfigException(
            "clientSettings", "set the consumer group with groupId(...), not group.id");
      }
      return new KafkaSourceConfig(this);
    }
  }
}
