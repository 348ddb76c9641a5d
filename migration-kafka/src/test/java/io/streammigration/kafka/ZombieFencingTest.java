package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A zombie: an instance that paused (GC, a frozen VM) while another instance of the same
 * migration took over its work, then resumed as if nothing happened. None of the zombie's writes,
 * before or after its pause, may become visible, and the zombie must learn it is fenced.
 *
 * <ul>
 *   <li>Assign mode: the successor has the zombie's transactional id, and its recover() fences it.
 *   <li>Consumer-group mode: each instance has its own transactional id; the group fences the
 *       zombie ({@link TransactionalKafkaSink#fencedBy}), whose transactions carry the group
 *       metadata under which it read their records.
 * </ul>
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class ZombieFencingTest {

  private static KafkaTestBroker broker;

  private record Context(String migrationId, DeliveryGuarantee guarantee) implements SinkContext {}

  @Test
  void aResumedZombieIsFencedAndNoneOfItsWritesBecomeVisible() throws Exception {
    String destination = TestTopics.unique("zombie");
    broker.createTopic(destination, 1);
    KafkaSinkConfig config = KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topicMapping(TopicMapping.allTo(destination))
        .checkpointTopic(destination + "-checkpoints")
        .clientSettings(Map.of("transaction.timeout.ms", 2_000))
        .build();
    Context context = new Context("zombie-" + destination, DeliveryGuarantee.EXACTLY_ONCE);

    TransactionalKafkaSink zombie = new TransactionalKafkaSink(config);
    zombie.open(context);
    zombie.recover();
    zombie.write(records("zombie", 0, 5));
    Thread.sleep(3_000); // paused past transaction.timeout.ms

    try (TransactionalKafkaSink successor = new TransactionalKafkaSink(config)) {
      successor.open(context);
      assertThat(successor.recover()).isEmpty();
      successor.write(records("successor", 0, 5));
      successor.commit(checkpoint(1, 4));
    }

    zombie.write(records("zombie", 5, 10));
    assertThatThrownBy(() -> zombie.commit(checkpoint(2, 9)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("fenced");
    zombie.close();

    List<String> visible = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> list : TestTopics.readAll(broker, destination, true).values()) {
      list.forEach(r -> visible.add(new String(r.value(), StandardCharsets.UTF_8)));
    }
    assertThat(visible).containsExactly("successor-0", "successor-1", "successor-2", "successor-3", "successor-4");
    try (TransactionalKafkaSink next = new TransactionalKafkaSink(config)) {
      next.open(context);
      assertThat(next.recover()).contains(checkpoint(1, 4));
    }
  }

  private static final int PARTITIONS = 2;
  private static final int PER_PARTITION = 3_000;

  /**
   * A is paused inside a commit, its transaction open. The group gives its partitions to B, which
   * migrates everything; then A resumes. The group refuses A's offsets, so A's commit fails, typed,
   * and aborts: a read_committed reader sees each source record once, in order.
   */
  @Test
  void aGroupMemberPausedUntilItsPartitionsMovedHasItsCommitRefusedAndNothingOfItBecomesVisible() throws Exception {
    Group group = Group.create("fence");
    PausingSink a = new PausingSink();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      // A's consumer leaves the group 3 s after its last poll: the reader stalls once the writer does.
      Migration instanceA = group.instance("a", Map.of("max.poll.interval.ms", 3_000), sink -> a.wrap(sink, true));
      CompletableFuture<MigrationResult> runA = instanceA.start(executor);
      awaitTrue(() -> a.commits.get() >= 2, "A committed twice");
      a.pauseNextCommit();
      assertThat(a.paused.await(10, TimeUnit.SECONDS)).as("A paused inside a commit").isTrue();

      Migration instanceB = group.instance("b", Map.of(), s -> s);
      CompletableFuture<MigrationResult> runB = instanceB.start(executor);
      awaitTrue(() -> group.committedOffsets() == PARTITIONS * PER_PARTITION, "B committed every source record");
      assertThat(runA).as("A still paused").isNotDone();

      a.release.countDown();
      assertThatThrownBy(() -> runA.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(InstanceFencedException.class)
          .hasMessageContaining("consumer group " + group.migrationId + " refused its offsets")
          .hasMessageContaining("nothing of it is visible");
      instanceB.close();
      assertThat(runB.get(30, TimeUnit.SECONDS).records()).isPositive();
    } finally {
      a.release.countDown();
      executor.shutdownNow();
    }
    assertThat(TestTopics.committedValues(broker, group.destination))
        .isEqualTo(TestTopics.committedValues(broker, group.source));
  }

  /**
   * The real thing: A is a process frozen (SIGSTOP) in the middle of its work, heartbeats
   * included, past its session timeout. B takes over and migrates everything; A is thawed
   * (SIGCONT) and must stop, fenced, without making anything visible.
   */
  @Test
  void aFrozenMemberProcessThawedAfterItsPartitionsMovedStopsFencedAndNothingOfItBecomesVisible() throws Exception {
    Group group = Group.create("frozen");
    Path output = Files.createTempFile("frozen-member", ".log");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process a = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            GroupInstanceProcess.class.getName(), broker.bootstrapServers(), group.source, group.destination,
            group.migrationId, "a", "fenced", "2000")
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    ExecutorService executor = Executors.newFixedThreadPool(1);
    try {
      awaitTrue(() -> group.committedOffsets() >= 1_000, "A committed some records");
      signal(a, "STOP");
      long frozenAt = group.committedOffsets();

      Migration instanceB = group.instance("b", Map.of(), s -> s);
      CompletableFuture<MigrationResult> runB = instanceB.start(executor);
      awaitTrue(() -> group.committedOffsets() == PARTITIONS * PER_PARTITION, "B committed every source record");
      assertThat(frozenAt).as("A had not finished when frozen").isLessThan(PARTITIONS * PER_PARTITION);

      signal(a, "CONT");
      assertThat(a.waitFor(60, TimeUnit.SECONDS)).as("A stopped after it was thawed").isTrue();
      String log = Files.readString(output);
      assertThat(a.exitValue()).as("A's exit code; output:%n%s", log).isNotZero();
      assertThat(log).contains(InstanceFencedException.class.getName()).containsAnyOf(
          "refused its offsets", "declared this member of migration " + group.migrationId + " dead");
      instanceB.close();
      runB.get(30, TimeUnit.SECONDS);
    } finally {
      a.destroyForcibly();
      executor.shutdownNow();
      Files.deleteIfExists(output);
    }
    assertThat(TestTopics.committedValues(broker, group.destination))
        .isEqualTo(TestTopics.committedValues(broker, group.source));
  }

  private static void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
  }

  /**
   * A and B share the partitions. A is paused after the group accepted its offsets but before its
   * transaction commits: the coordinator checked A's membership already, so A's commit will succeed
   * when it resumes. A's reader stalls behind it, the group removes A and gives its partition to B,
   * which must not resume from the position committed before that transaction: it waits for the
   * transaction's outcome, then resumes after it.
   */
  @Test
  void aMemberGivenAPausedMembersPartitionWaitsForItsPendingCommitAndResumesAfterIt() throws Exception {
    // Enough records that A is still busy with its partition when B has joined and both committed.
    Group group = Group.create("in-flight", 8_000);
    PausingSink a = new PausingSink();
    PausingSink b = new PausingSink();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    CompletableFuture<MigrationResult> runA = null;
    try {
      // A's reader stalls as soon as its writer does (a one-batch hand-off), and its consumer
      // leaves the group 3 s after its last poll.
      Migration instanceA = group.instance("a", Map.of("max.poll.interval.ms", 3_000), sink -> {
        ((TransactionalKafkaSink) sink).beforeCommitTransaction(a::maybePause);
        return a.wrap(sink, false);
      }, builder -> builder.handoffCapacity(1).batchSize(100));
      runA = instanceA.start(executor);
      Migration instanceB = group.instance("b", Map.of(), sink -> b.wrap(sink, false), builder -> builder);
      CompletableFuture<MigrationResult> runB = instanceB.start(executor);
      awaitTrue(() -> a.commits.get() >= 1 && b.commits.get() >= 1 && group.members().map(List::size).orElse(0) == 2,
          "A and B both commit");

      a.pauseNextCommit();
      assertThat(a.paused.await(10, TimeUnit.SECONDS)).as("A paused inside a commit").isTrue();
      // B runs throughout, so a sole member holding every partition is B.
      awaitTrue(group::soleMemberHoldsAllPartitions, "B alone in the group, holding every partition");
      long offsetsWhileAWaits = group.committedOffsets();
      int commitsOfB = b.commits.get();
      Thread.sleep(2_000); // B would have resumed A's partition and committed by now, had it not waited
      assertThat(b.commits.get()).as("B's commits while A's commit was pending").isEqualTo(commitsOfB);
      assertThat(group.committedOffsets()).isEqualTo(offsetsWhileAWaits);

      a.release.countDown();
      awaitTrue(() -> group.committedOffsets() == PARTITIONS * 8_000, "every source record committed");
      assertThat(a.pausedCommitReturned).as("A's paused commit succeeded after B took its partition").isTrue();
      instanceA.close();
      instanceB.close();
      runB.get(30, TimeUnit.SECONDS);
    } finally {
      a.release.countDown();
      executor.shutdownNow();
      if (runA != null) {
        runA.handle((result, error) -> null).get(30, TimeUnit.SECONDS); // A may end fenced or not
      }
    }
    assertThat(TestTopics.committedValues(broker, group.destination))
        .isEqualTo(TestTopics.committedValues(broker, group.source));
  }

  /**
   * The same pause, with B starting only then: B's recovery reads the checkpoint topic, which A's
   * pending transaction has written to, so B waits for its outcome before it even joins the group;
   * then it resumes after A's commit.
   */
  @Test
  void anInstanceStartingWhileAnotherIsPausedMidCommitWaitsForThatCommitAndResumesAfterIt() throws Exception {
    Group group = Group.create("start-up");
    PausingSink a = new PausingSink();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    CompletableFuture<MigrationResult> runA = null;
    try {
      Migration instanceA = group.instance("a", Map.of("max.poll.interval.ms", 3_000), sink -> {
        ((TransactionalKafkaSink) sink).beforeCommitTransaction(a::maybePause);
        return a.wrap(sink, false);
      }, builder -> builder.handoffCapacity(1).batchSize(100)); // A's reader stalls as soon as its writer does
      runA = instanceA.start(executor);
      awaitTrue(() -> a.commits.get() >= 2 && group.soleMemberHoldsAllPartitions(), "A committed twice");
      String memberA = group.members().orElseThrow().get(0).id();
      a.pauseNextCommit();
      assertThat(a.paused.await(10, TimeUnit.SECONDS)).as("A paused inside a commit").isTrue();
      long offsetsBeforeThePause = group.committedOffsets();

      Migration instanceB = group.instance("b", Map.of(), s -> s, builder -> builder);
      CompletableFuture<MigrationResult> runB = instanceB.start(executor);
      // A's consumer leaves 3 s after its last poll. Had B not waited, it would hold everything then.
      awaitTrue(() -> group.members().filter(ms -> ms.stream().noneMatch(m -> m.id().equals(memberA))).isPresent(),
          "A gone from the group");
      Thread.sleep(2_000); // B would have resumed and committed by now, had it not waited
      assertThat(instanceB.status().records()).as("records B committed while A's commit was pending").isZero();
      assertThat(group.committedOffsets()).isEqualTo(offsetsBeforeThePause);

      a.release.countDown();
      awaitTrue(() -> group.committedOffsets() == PARTITIONS * PER_PARTITION, "every source record committed");
      assertThat(a.pausedCommitReturned).as("A's paused commit succeeded").isTrue();
      instanceA.close();
      instanceB.close();
      runB.get(30, TimeUnit.SECONDS);
    } finally {
      a.release.countDown();
      executor.shutdownNow();
      if (runA != null) {
        runA.handle((result, error) -> null).get(30, TimeUnit.SECONDS); // A may end fenced or not
      }
    }
    assertThat(TestTopics.committedValues(broker, group.destination))
        .isEqualTo(TestTopics.committedValues(broker, group.source));
  }

  @Test
  void aFencedSourceWhosePartitionsWereLostFailsItsNextPollAndPublishesNothingNewer() throws Exception {
    Group group = Group.create("lost");
    KafkaSource source = new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topics(group.source)
        .consumerGroup(group.migrationId, (migrationId, partitions) -> Map.of())
        .clientSettings(Map.of("max.poll.interval.ms", 1_000, "session.timeout.ms", 6_000, "heartbeat.interval.ms", 200))
        .build());
    new TransactionalKafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .positionsPerPartition(true)
        .build()).fencedBy(source);
    try (source) {
      source.open(new StandaloneSourceContext(group.migrationId), Optional.empty());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (source.poll(100, Duration.ofMillis(100)).isEmpty()) {
        assertThat(System.nanoTime()).as("records within 30 s").isLessThan(deadline);
      }
      ConsumerGroupMetadata before = source.groupFence().metadata();
      assertThat(before.generationId()).isPositive();

      Thread.sleep(2_500); // past max.poll.interval.ms: the consumer leaves the group
      assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) { // the buffered records first, then a poll that rejoins
              source.poll(10_000, Duration.ofMillis(100));
            }
          })
          .isInstanceOf(InstanceFencedException.class)
          .hasMessageContaining("consumer group " + group.migrationId + " declared this member")
          .hasMessageContaining(group.source + "-0");
      assertThat(source.groupFence().metadata()).isEqualTo(before);
    }
  }

  @Test
  void aSinkFencedByAGroupOfAnotherClusterRefusesToOpen() {
    String source = TestTopics.unique("other-cluster-source");
    try (KafkaTestBroker other = new KafkaTestBroker().start()) {
      other.createTopic(source, 1);
      KafkaSource kafkaSource = groupSource(other.bootstrapServers(), source);
      TransactionalKafkaSink sink = groupSink(broker.bootstrapServers(), source).fencedBy(kafkaSource);
      try (sink) {
        assertThatThrownBy(() -> sink.open(new Context("other-cluster", DeliveryGuarantee.EXACTLY_ONCE)))
            .isInstanceOf(MigrationException.class)
            .hasMessageContaining("is fenced by consumer group g of cluster")
            .hasMessageContaining("cannot work across clusters");
      }
    }
  }

  @Test
  void fencedOnlyOnOneClusterASinkOfAnotherClusterOpensUnfencedAndTheSourceStopsPublishing() {
    String source = TestTopics.unique("maybe-fenced-source");
    try (KafkaTestBroker other = new KafkaTestBroker().start()) {
      other.createTopic(source, 1);
      KafkaSource kafkaSource = groupSource(other.bootstrapServers(), source);
      TransactionalKafkaSink sink = groupSink(broker.bootstrapServers(), source).fencedByIfOneCluster(kafkaSource);
      assertThat(kafkaSource.groupFence().isLinked()).isTrue();
      try (sink) {
        sink.open(new Context("maybe-fenced", DeliveryGuarantee.EXACTLY_ONCE));
        assertThat(kafkaSource.groupFence().isLinked()).as("the source no longer fences a sink").isFalse();
      }
    }
  }

  @Test
  void fencedOnlyOnOneClusterASinkOfTheSameClusterWrittenAnotherWayStaysFenced() {
    String source = TestTopics.unique("same-cluster-source");
    broker.createTopic(source, 1);
    KafkaSource kafkaSource = groupSource(broker.bootstrapServers(), source);
    TransactionalKafkaSink sink =
        groupSink(broker.bootstrapServers().replace("127.0.0.1", "localhost"), source).fencedByIfOneCluster(kafkaSource);
    try (sink) {
      sink.open(new Context("same-cluster", DeliveryGuarantee.EXACTLY_ONCE));
      assertThat(kafkaSource.groupFence().isLinked()).isTrue();
    }
  }

  /** A group-mode source of {@code topic} (group "g", no committed positions). */
  private static KafkaSource groupSource(String bootstrapServers, String topic) {
    return new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(bootstrapServers)
        .topics(topic)
        .consumerGroup("g", (migrationId, partitions) -> Map.of())
        .build());
  }

  /** An unfenced sink with per-partition positions, as group mode needs, checkpointing beside {@code topic}. */
  private static TransactionalKafkaSink groupSink(String bootstrapServers, String topic) {
    return new TransactionalKafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(bootstrapServers)
        .checkpointTopic(topic + "-checkpoints")
        .positionsPerPartition(true)
        .build());
  }

  /** A member of a consumer group and how many partitions it holds. */
  private record Member(String id, int partitions) {}

  /** Source and destination topics and the migration id of one consumer-group migration. */
  private record Group(String source, String destination, String migrationId) {

    static Group create(String prefix) {
      return create(prefix, PER_PARTITION);
    }

    static Group create(String prefix, int perPartition) {
      String source = TestTopics.unique(prefix + "-source");
      String destination = TestTopics.unique(prefix + "-destination");
      broker.createTopic(source, PARTITIONS);
      broker.createTopic(destination, PARTITIONS);
      List<List<Record>> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(TestTopics.numbered(p, perPartition));
      }
      TestTopics.write(broker, source, partitions);
      return new Group(source, destination, prefix + "-" + destination);
    }

    Migration instance(String name, Map<String, Object> consumerSettings, UnaryOperator<TransactionalSink> wrap) {
      return instance(name, consumerSettings, wrap, builder -> builder);
    }

    Migration instance(String name, Map<String, Object> consumerSettings, UnaryOperator<TransactionalSink> wrap,
        UnaryOperator<Migration.Builder> tune) {
      return GroupInstanceProcess.instance(
          broker.bootstrapServers(), source, destination, migrationId, name, true, consumerSettings, wrap, tune);
    }

    /**
     * The group's members and how many partitions each holds, if no rebalance is under way (the
     * group is stable, or empty); empty while one is. One description, so state and members agree.
     */
    Optional<List<Member>> members() throws Exception {
      try (Admin admin = broker.admin()) {
        var description = admin.describeConsumerGroups(List.of(migrationId)).describedGroups().get(migrationId)
            .get(30, TimeUnit.SECONDS);
        var state = description.groupState();
        if (state != org.apache.kafka.common.GroupState.STABLE && state != org.apache.kafka.common.GroupState.EMPTY) {
          return Optional.empty();
        }
        return Optional.of(description.members().stream()
            .map(m -> new Member(m.consumerId(), m.assignment().topicPartitions().size()))
            .toList());
      }
    }

    /** True if the group is settled with one member, which holds every source partition. */
    boolean soleMemberHoldsAllPartitions() throws Exception {
      return members().filter(ms -> ms.size() == 1 && ms.get(0).partitions() == PARTITIONS).isPresent();
    }

    /** The sum of the group's committed offsets: how many source records its transactions covered. */
    long committedOffsets() throws Exception {
      try (Admin admin = broker.admin()) {
        return admin.listConsumerGroupOffsets(migrationId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
            .values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
      }
    }
  }

  /** Counts commits; pauses one, when asked, until released. */
  private static final class PausingSink {
    final AtomicInteger commits = new AtomicInteger();
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean pauseNext = new AtomicBoolean();
    /** True once the commit that paused has returned normally. */
    volatile boolean pausedCommitReturned;

    void pauseNextCommit() {
      pauseNext.set(true);
    }

    /** Pauses the calling commit until released, if asked to. */
    void maybePause() {
      if (pauseNext.getAndSet(false)) {
        paused.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Wraps {@code sink}; with {@code pauseInCommit} the pause comes before the sink's commit. */
    TransactionalSink wrap(TransactionalSink sink, boolean pauseInCommit) {
      return new TransactionalSink() {
        @Override
        public void open(SinkContext context) {
          sink.open(context);
        }

        @Override
        public Optional<Checkpoint> recover() {
          return sink.recover();
        }

        @Override
        public void write(List<Record> records) {
          sink.write(records);
        }

        @Override
        public void commit(Checkpoint checkpoint) {
          boolean pausedBefore = paused.getCount() == 0;
          if (pauseInCommit) {
            maybePause();
          }
          sink.commit(checkpoint);
          if (!pausedBefore && paused.getCount() == 0) {
            pausedCommitReturned = true;
          }
          commits.incrementAndGet();
        }

        @Override
        public void flush() {
          sink.flush();
        }

        @Override
        public void close() {
          sink.close();
        }
      };
    }
  }

  private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(200);
    }
  }

  private static List<Record> records(String writer, int from, int to) {
    List<Record> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new Record(null, (writer + "-" + i).getBytes(StandardCharsets.UTF_8), Headers.EMPTY, 1L,
          KafkaPartitions.partitionId("src", 0), Position.of(i)));
    }
    return out;
  }

  private static Checkpoint checkpoint(long id, long offset) {
    return Checkpoint.builder(id).position(KafkaPartitions.partitionId("src", 0), Position.of(offset)).build();
  }
}
