package io.streammigration.kafka;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka topic partitions (assign mode: the partitions are named in the configuration, no
 * consumer-group rebalancing) as a {@link Source}.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #open}: creates the consumer, resolves the configured topics to partitions (failing
 *       with a clear error if a topic does not exist), assigns them and seeks each one: right after
 *       the checkpoint's offset if the checkpoint names the partition (checking that the offset
 *       still exists, see {@link GapPolicy}), else to the configured {@link StartPosition}. A
 *       bounded source also notes each partition's end offset here. Blocks on the broker.
 *   <li>{@link #poll}: returns up to {@code maxRecords} records, waiting up to the timeout.
 *   <li>{@link #onCheckpointCommitted}: commits the checkpoint's offsets to the consumer group, if
 *       one is configured, asynchronously; for lag tools only, never read back. Not when a sink is
 *       {@linkplain TransactionalKafkaSink#fencedBy fenced by} this source: its transactions
 *       commit them.
 *   <li>{@link #close()}: closes the consumer. Idempotent.
 * </ol>
 *
 * <p><b>Mapping.</b> See {@link KafkaPartitions}: partition {@code n} of topic {@code t} is {@code
 * "t-n"}, offset {@code o} is {@code Position.of(o)}. Keys, values (null for tombstones), headers
 * (order, repeated names and null values kept) and timestamps are delivered exactly; the timestamp
 * type can be added as a header ({@link KafkaSourceConfig.Builder#timestampTypeHeader}).
 * Positions are not dense: transaction markers and compaction leave holes in offsets.
 *
 * <p><b>Consumer-group mode</b> ({@link KafkaSourceConfig.Builder#consumerGroup}): partitions come
 * and go through the group; revoked ones are committed and released through {@link
 * SourceContext#commitAndRelease}. When a sink is fenced by this source, the source also publishes
 * its consumer's group metadata after each poll for the sink's commits, and fails with {@link
 * InstanceFencedException} if the group takes partitions away without a revocation.
 *
 * <p><b>Threads.</b> Like {@code KafkaConsumer}, not thread-safe: the engine calls every method on
 * its reader thread.
 */
public final class KafkaSource implements Source {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

  private final KafkaSourceConfig config;
  private final Deque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
  /** Bounded mode: end offset (exclusive) of each partition not yet read to its end. */
  private final Map<TopicPartition, Long> remaining = new HashMap<>();
  private final Map<TopicPartition, PartitionId> ids = new HashMap<>();
  /** Bounded mode: end offset (exclusive) of every assigned partition when the source opened. */
  private final Map<TopicPartition, Long> bounds = new HashMap<>();
  /**
   * The offset of the last data record fetched (or, after a resume, checkpointed) per partition:
   * once the consumer's position has passed the end offset, this is the partition's last record.
   */
  private final Map<TopicPartition, Long> lastFetched = new HashMap<>();
  /** Unbounded mode: end offsets as last asked of the broker, and when (nanoTime). */
  private Map<TopicPartition, Long> cachedEnds = Map.of();
  private long cachedEndsAt;
  private KafkaConsumer<byte[], byte[]> consumer;
  private SourceContext context;
  /** Group mode: what a sink fenced by this source commits with; null in assign mode. */
  private final GroupFence fence;
  /** Fenced group mode: partitions the group took away without a revocation, if it did. */
  private Set<PartitionId> lost;
  private long skippedOffsets;
  private boolean closing;
  private boolean closed;

  public KafkaSource(KafkaSourceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.fence = config.groupMode() ? new GroupFence(config) : null;
  }

  /** Group mode: the fence a {@link TransactionalKafkaSink} links to; null in assign mode. */
  GroupFence groupFence() {
    return fence;
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(resumeFrom, "resumeFrom");
    this.context = context;
    consumer = new KafkaConsumer<>(consumerSettings(context), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> assigned = resolvePartitions();
      if (config.groupMode()) {
        // Partitions arrive through the rebalance listener, inside poll.
        consumer.subscribe(config.topics(), new Rebalance());
        LOG.info("kafka source of migration {} joining group {}: {}", context.migrationId(), config.groupId().orElseThrow(), config);
        return;
      }
      consumer.assign(assigned);
      for (TopicPartition tp : assigned) {
        ids.put(tp, KafkaPartitions.partitionId(tp));
      }
      seek(assigned, id -> resumeFrom.flatMap(cp -> cp.position(id)));
      if (config.bounded()) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        bounds.putAll(ends);
        for (TopicPartition tp : assigned) {
          if (consumer.position(tp) < ends.get(tp)) {
            remaining.put(tp, ends.get(tp));
          } else {
            consumer.pause(List.of(tp));
          }
        }
      }
      LOG.info("kafka source of migration {} reading {} partitions: {}", context.migrationId(), assigned.size(), config);
    } catch (KafkaException e) {
      throw translate("opening the source", e);
    }
  }

  /** Offsets skipped under {@link GapPolicy#SKIP_AND_COUNT} since this source was opened. */
  public long skippedOffsets() {
    return skippedOffsets;
  }

  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    if (buffered.isEmpty() && !(config.bounded() && remaining.isEmpty())) {
      try {
        ConsumerRecords<byte[], byte[]> fetched = consumer.poll(timeout);
        if (fenced()) {
          throwIfLost(null);
          fence.publish(consumer.groupMetadata());
        }
        // Per partition, not per record: the bookkeeping below is per partition, and the reader
        // thread pays for every allocation and map lookup made per record.
        for (TopicPartition tp : fetched.partitions()) {
          List<ConsumerRecord<byte[], byte[]>> records = fetched.records(tp);
          buffered.addAll(records);
          Long bound = bounds.get(tp);
          for (int i = records.size() - 1; i >= 0; i--) {
            long offset = records.get(i).offset();
            if (bound == null || offset < bound) {
              lastFetched.put(tp, offset);
              break;
            }
          }
        }
      } catch (OffsetOutOfRangeException e) {
        throwIfLost(e);
        handleOutOfRange(e.offsetOutOfRangePartitions());
        return List.of();
      } catch (KafkaException e) {
        throwIfLost(e);
        throw translate("polling", e);
      }
    }
    List<Record> batch = new ArrayList<>(Math.min(maxRecords, buffered.size()));
    // Buffered records come a partition at a time: look the partition up when it changes.
    TopicPartition tp = null;
    PartitionId id = null;
    Long end = null;
    while (batch.size() < maxRecords && !buffered.isEmpty()) {
      ConsumerRecord<byte[], byte[]> r = buffered.poll();
      if (tp == null || r.partition() != tp.partition() || !r.topic().equals(tp.topic())) {
        tp = new TopicPartition(r.topic(), r.partition());
        id = ids.get(tp);
        end = remaining.get(tp);
      }
      if (config.bounded()) {
        if (end == null || r.offset() >= end) {
          continue; // past the bound: produced after the source opened
        }
        if (r.offset() >= end - 1) {
          finish(tp);
        }
      }
      batch.add(toRecord(r, id));
    }
    if (config.bounded() && buffered.isEmpty()) {
      finishPartitionsAtTheirEnd();
    }
    return batch;
  }

  @Override
  public boolean isEndOfInput() {
    return config.bounded() && remaining.isEmpty() && buffered.isEmpty();
  }

  /**
   * The offset of each assigned partition's last record, where it can be known exactly:
   *
   * <ul>
   *   <li>When the consumer's position has reached the end offset, the last data record fetched
   *       (or the checkpointed one it resumed after): exact whatever transaction markers or
   *       compaction left at the tail.
   *   <li>Otherwise, with read_uncommitted, end offset − 1. On a topic written by transactional
   *       producers that offset can be a transaction marker, which is never delivered; the
   *       estimate is then one high until the reader passes the marker, when the first rule
   *       takes over, so a drain waits at most until the reader catches up.
   *   <li>Otherwise, with read_committed, the partition is left out: the end offset is the last
   *       stable offset, and the offset before it may be a commit marker.
   * </ul>
   *
   * <p>Partitions never read to their end with nothing fetched yet (an empty partition, or
   * {@code start=latest}) are left out. A bounded source measures against the end offsets it
   * noted at open and asks the broker nothing; an unbounded one asks {@code endOffsets} at most
   * every {@value #END_OFFSETS_EVERY_MS} ms and reuses the answer in between (on a broker error it
   * leaves partitions out rather than guess).
   */
  @Override
  public Map<PartitionId, Position> endPositions() {
    if (consumer == null || closed) {
      return Map.of();
    }
    Map<TopicPartition, Long> ends = config.bounded() ? bounds : unboundedEnds();
    Map<PartitionId, Position> result = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      PartitionId id = ids.get(tp);
      Long end = ends.get(tp);
      if (id == null || end == null) {
        continue;
      }
      Long last = lastFetched.get(tp);
      if (consumer.position(tp) >= end) {
        if (last != null) {
          result.put(id, KafkaPartitions.position(last));
        }
      } else if (!config.readCommitted() && end > 0) {
        result.put(id, KafkaPartitions.position(end - 1));
      }
    }
    return result;
  }

  private static final long END_OFFSETS_EVERY_MS = 250;

  private Map<TopicPartition, Long> unboundedEnds() {
    long now = System.nanoTime();
    if (now - cachedEndsAt >= END_OFFSETS_EVERY_MS * 1_000_000L || cachedEnds.isEmpty()) {
      cachedEndsAt = now;
      try {
        cachedEnds = Map.copyOf(consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(1)));
      } catch (KafkaException e) {
        // Lag and drain targets only: leaving partitions out is always safe, guessing is not.
        LOG.debug("end offsets unavailable for now: {}", e.toString());
        cachedEnds = Map.of();
      }
    }
    return cachedEnds;
  }

  @Override
  public void onCheckpointCommitted(Checkpoint checkpoint) {
    if (config.groupId().isEmpty() || consumer == null || fenced()) {
      return; // a fenced sink committed the offsets in the transaction already
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    ids.forEach(
        (tp, id) ->
            checkpoint
                .position(id)
                .ifPresent(p -> offsets.put(tp, new OffsetAndMetadata(KafkaPartitions.offset(p) + 1))));
    if (!offsets.isEmpty()) {
      consumer.commitAsync(
          offsets,
          (committed, error) -> {
            if (error != null) {
              // Lag reporting only: recovery never reads these offsets, so a failure is not fatal.
              LOG.debug("committing group offsets for checkpoint {} failed: {}", checkpoint.id(), error.toString());
            }
          });
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Closing leaves the group, which revokes every partition: the final checkpoint already covers them.
    closing = true;
    if (consumer != null) {
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (KafkaException e) {
        throw translate("closing the consumer", e);
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaSource" + (config.topics().isEmpty() ? config.partitions() : config.topics());
  }

  // ---------------------------------------------------------------------------------------------

  private Map<String, Object> consumerSettings(SourceContext context) {
    Map<String, Object> settings = new HashMap<>(config.clientSettings().asMap());
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sm-" + context.migrationId() + "-source");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The source seeks every partition itself; a missing offset is a gap to report, not to reset.
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, config.readCommitted() ? "read_committed" : "read_uncommitted");
    config.groupId().ifPresent(g -> settings.put(ConsumerConfig.GROUP_ID_CONFIG, g));
    return settings;
  }

  private List<TopicPartition> resolvePartitions() {
    Set<TopicPartition> all = new LinkedHashSet<>();
    for (String topic : config.topics()) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic);
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // A missing topic can time out, but so can an unreachable cluster or failing
        // authentication: say both rather than send the operator after the wrong one.
        throw new MigrationException(
            "source topic " + topic + " does not exist on " + config.bootstrapServers()
                + ", or the servers could not be reached in time (check them and the security settings)");
      }
      if (infos == null || infos.isEmpty()) {
        throw new MigrationException("source topic " + topic + " does not exist on " + config.bootstrapServers());
      }
      infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
    }
    for (TopicPartition tp : config.partitions()) {
      List<PartitionInfo> infos = consumer.partitionsFor(tp.topic());
      if (infos == null || infos.stream().noneMatch(i -> i.partition() == tp.partition())) {
        throw new MigrationException(
            "source topic " + tp.topic() + " has no partition " + tp.partition() + " on " + config.bootstrapServers());
      }
      all.add(tp);
    }
    return List.copyOf(all);
  }

  private void seek(List<TopicPartition> assigned, java.util.function.Function<PartitionId, Optional<Position>> committed) {
    Map<TopicPartition, Long> logStart = consumer.beginningOffsets(assigned);
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : assigned) {
      Optional<Position> checkpointed = committed.apply(ids.get(tp));
      lastFetched.remove(tp); // a reassigned partition may have moved on under another owner
      if (checkpointed.isEmpty()) {
        fresh.add(tp);
        continue;
      }
      long next = KafkaPartitions.offset(checkpointed.get()) + 1;
      long start = logStart.get(tp);
      if (next >= start) {
        lastFetched.put(tp, next - 1); // a delivered record, still in the log
      }
      consumer.seek(tp, next < start ? skipGap(tp, next, start) : next);
    }
    if (fresh.isEmpty()) {
      return;
    }
    StartPosition startAt = config.startPosition();
    if (startAt.isEarliest()) {
      fresh.forEach(tp -> consumer.seek(tp, logStart.get(tp)));
    } else if (startAt.isLatest()) {
      // Resolved now, not lazily: "latest" means the end when the source opened.
      consumer.endOffsets(fresh).forEach(consumer::seek);
    } else {
      long millis = startAt.timestamp().orElseThrow().toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      fresh.forEach(tp -> query.put(tp, millis));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      Map<TopicPartition, Long> ends = consumer.endOffsets(fresh);
      for (TopicPartition tp : fresh) {
        OffsetAndTimestamp at = found.get(tp);
        consumer.seek(tp, at == null ? ends.get(tp) : at.offset());
      }
    }
  }

  /** Applies the gap policy to missing offsets {@code [from, logStart)}; returns where to resume. */
  private long skipGap(TopicPartition tp, long from, long logStart) {
    if (config.gapPolicy() == GapPolicy.FAIL) {
      throw new MissingOffsetsException(tp.topic(), tp.partition(), from, logStart - 1);
    }
    skippedOffsets += logStart - from;
    LOG.warn(
        "offsets {} to {} of topic {} partition {} were deleted before they were migrated; continuing at {} as GapPolicy.SKIP_AND_COUNT allows",
        from, logStart - 1, tp.topic(), tp.partition(), logStart);
    return logStart;
  }

  private void handleOutOfRange(Map<TopicPartition, Long> outOfRange) {
    Map<TopicPartition, Long> logStart = consumer.beginningOffsets(outOfRange.keySet());
    Map<TopicPartition, Long> logEnd = consumer.endOffsets(outOfRange.keySet());
    outOfRange.forEach(
        (tp, offset) -> {
          if (offset < logStart.get(tp)) {
            consumer.seek(tp, skipGap(tp, offset, logStart.get(tp)));
          } else if (offset > logEnd.get(tp)) {
            throw new MigrationException(
                "offset " + offset + " of topic " + tp.topic() + " partition " + tp.partition()
                    + " is beyond the log end " + logEnd.get(tp) + " (was the topic deleted and recreated?)");
          } else {
            consumer.seek(tp, offset); // the range moved back in between: read on
          }
        });
  }

  private void finishPartitionsAtTheirEnd() {
    for (TopicPartition tp : List.copyOf(remaining.keySet())) {
      // Transaction markers and compaction can leave the last offsets without records.
      if (consumer.position(tp) >= remaining.get(tp)) {
        finish(tp);
      }
    }
  }

  private void finish(TopicPartition tp) {
    remaining.remove(tp);
    consumer.pause(List.of(tp));
  }

  private Record toRecord(ConsumerRecord<byte[], byte[]> r, PartitionId id) {
    Headers headers = Headers.EMPTY;
    org.apache.kafka.common.header.Header[] kafkaHeaders = r.headers().toArray();
    if (kafkaHeaders.length > 0 || config.timestampTypeHeader().isPresent()) {
      List<Header> list = new ArrayList<>(kafkaHeaders.length + 1);
      for (org.apache.kafka.common.header.Header h : kafkaHeaders) {
        list.add(Header.of(h.key(), h.value()));
      }
      config.timestampTypeHeader().ifPresent(name -> list.add(Header.ofUtf8(name, r.timestampType().name)));
      headers = Headers.of(list);
    }
    return new Record(r.key(), r.value(), headers, r.timestamp(), id, Position.of(r.offset()));
  }

  /** True if a {@link TransactionalKafkaSink} commits this source's offsets with its group metadata. */
  private boolean fenced() {
    return fence != null && fence.isLinked();
  }

  /**
   * Fenced group mode: fails if the group took partitions away without a revocation during the
   * last poll. The member was declared dead (paused past {@code session.timeout.ms} or {@code
   * max.poll.interval.ms}); records of those partitions may await commit, and another member now
   * migrates them. The metadata published for the sink stays the stale one, so the coordinator
   * refuses any commit the writer still attempts with it.
   */
  private void throwIfLost(KafkaException pollFailure) {
    if (lost == null) {
      return;
    }
    throw new InstanceFencedException(
        "consumer group " + fence.groupId() + " declared this member of migration " + context.migrationId()
            + " dead and reassigned partitions " + new TreeSet<>(lost.stream().map(PartitionId::name).toList())
            + " without a revocation (paused longer than session.timeout.ms or max.poll.interval.ms?); records of them"
            + " read since the last commit are migrated by their new owner, so this instance stops without"
            + " committing them. Start it again to rejoin the group", pollFailure);
  }

  /** Group mode: commit-and-release on revocation, resume from committed positions on assignment. */
  private final class Rebalance implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(java.util.Collection<TopicPartition> revoked) {
      Set<PartitionId> released = forget(revoked);
      if (!released.isEmpty() && !closing) {
        if (fenced()) {
          // Still this member's generation (eager: the group waits for it to rejoin): the commit
          // of the revoked partitions goes out with it.
          fence.publish(consumer.groupMetadata());
        }
        context.commitAndRelease(released);
      }
    }

    @Override
    public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
      // Already owned by others: committing now could overwrite their progress.
      Set<PartitionId> forgotten = forget(partitions);
      if (fenced() && !closing && !forgotten.isEmpty()) {
        lost = forgotten; // poll fails once the consumer returns; nothing more is published
      }
    }

    @Override
    public void onPartitionsAssigned(java.util.Collection<TopicPartition> assigned) {
      if (assigned.isEmpty()) {
        return;
      }
      Set<PartitionId> added = new java.util.HashSet<>();
      for (TopicPartition tp : assigned) {
        ids.put(tp, KafkaPartitions.partitionId(tp));
        added.add(ids.get(tp));
      }
      Map<PartitionId, Position> positions =
          config.committedPositions().orElseThrow().committed(context.migrationId(), added);
      seek(List.copyOf(assigned), id -> Optional.ofNullable(positions.get(id)));
      LOG.info("kafka source of migration {} assigned {}", context.migrationId(), added);
    }

    /** Drops buffered records of {@code partitions}, not yet returned: their next owner reads them. */
    private Set<PartitionId> forget(java.util.Collection<TopicPartition> partitions) {
      Set<PartitionId> forgotten = new java.util.HashSet<>();
      for (TopicPartition tp : partitions) {
        PartitionId id = ids.remove(tp);
        if (id != null) {
          forgotten.add(id);
        }
      }
      buffered.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
      return forgotten;
    }
  }

  private MigrationException translate(String action, KafkaException e) {
    Optional<KafkaAuthorizationException> refused = KafkaAuthorizationException.in(
        e, action, null, "READ and DESCRIBE", null, config.bootstrapServers(), config.clientSettings());
    if (refused.isPresent()) {
      return refused.get();
    }
    String message = action + " on " + config.bootstrapServers() + " failed: " + e;
    return e instanceof RetriableException
        ? new RetriableMigrationException(message, e)
        : new MigrationException(message, e);
  }
}
