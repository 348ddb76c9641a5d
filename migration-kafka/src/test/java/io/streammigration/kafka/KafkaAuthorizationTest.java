package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Against a broker that authenticates clients and authorizes them by ACL: a principal missing a
 * permission gets a typed error naming what it may not touch and who it is, never a secret; and
 * the ACLs the README lists as minimal are enough to run a migration.
 */
class KafkaAuthorizationTest {

  private static final String USER = "alice";
  private static final String PRINCIPAL = "User:" + USER;
  private static final String PASSWORD = "alice-" + UUID.randomUUID();
  /** A user allowed to write nowhere. */
  private static final String NOBODY = "bob";
  private static final String NOBODY_PASSWORD = "bob-" + UUID.randomUUID();

  @RegisterExtension
  static final KafkaBrokerExtension EXTENSION =
      new KafkaBrokerExtension(() -> new KafkaTestBroker().withAuthorization(Map.of(USER, PASSWORD, NOBODY, NOBODY_PASSWORD)));

  private static KafkaTestBroker broker;

  private record Context(String migrationId, DeliveryGuarantee guarantee) implements SinkContext {}

  /** Alice's client settings, with short timeouts so that a refusal shows quickly. */
  private static Map<String, Object> alice() {
    return settingsOf(USER);
  }

  private static Map<String, Object> settingsOf(String user) {
    Map<String, Object> settings = new HashMap<>(broker.clientSettings(user));
    settings.put("default.api.timeout.ms", 10_000);
    settings.put("request.timeout.ms", 5_000);
    return settings;
  }

  @Test
  void readingATopicWithoutReadPermissionFailsNamingTopicAndPrincipal() {
    String topic = TestTopics.unique("no-read");
    broker.createTopic(topic, 1);
    writeAsAdmin(topic, 3);

    // Nothing granted: the topic cannot even be described when the source opens.
    KafkaSource blind = source(topic);
    assertThatThrownBy(() -> blind.open(new StandaloneSourceContext("m"), Optional.empty()))
        .isInstanceOfSatisfying(KafkaAuthorizationException.class, e -> {
          assertThat(e.resourceType()).isEqualTo("topic");
          assertThat(e.resources()).containsExactly(topic);
          assertThat(e.principal()).contains(PRINCIPAL);
        })
        .hasMessageContaining(topic).hasMessageContaining(PRINCIPAL).message().doesNotContain(PASSWORD);
    blind.close();

    // DESCRIBE only: the source opens, and the first fetch is refused.
    grant(ResourceType.TOPIC, topic, AclOperation.DESCRIBE);
    try (KafkaSource source = source(topic)) {
      source.open(new StandaloneSourceContext("m"), Optional.empty());
      assertThatThrownBy(() -> {
            for (int i = 0; i < 50; i++) {
              source.poll(100, Duration.ofMillis(200));
            }
          })
          .isInstanceOfSatisfying(KafkaAuthorizationException.class, e -> {
            assertThat(e.resources()).containsExactly(topic);
            assertThat(e.principal()).contains(PRINCIPAL);
          })
          .hasMessageContaining("READ").message().doesNotContain(PASSWORD);
    }
  }

  @Test
  void writingATopicWithoutWritePermissionFailsNamingTopicAndPrincipal() {
    String topic = TestTopics.unique("no-write");
    broker.createTopic(topic, 1);
    // A principal allowed to write elsewhere (so its idempotent producer may start), not here.
    grant(ResourceType.TOPIC, topic + "-elsewhere", AclOperation.WRITE);
    grant(ResourceType.TOPIC, topic, AclOperation.DESCRIBE);
    KafkaSinkConfig config = KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .clientSettings(alice())
        .topicMapping(TopicMapping.allTo(topic))
        .partitioning(Partitioning.BY_SOURCE_PARTITION)
        .checkpointTopic(topic + "-checkpoints")
        .build();
    try (KafkaSink sink = new KafkaSink(config)) {
      sink.open(new Context("m", DeliveryGuarantee.AT_LEAST_ONCE));
      assertThatThrownBy(() -> {
            sink.write(records("src", 3));
            sink.flush();
          })
          .isInstanceOfSatisfying(KafkaAuthorizationException.class, e -> {
            assertThat(e.resources()).containsExactly(topic);
            assertThat(e.principal()).contains(PRINCIPAL);
          })
          .hasMessageContaining("WRITE").message().doesNotContain(PASSWORD);
    }

    // The exactly-once sink, with everything but WRITE on the destination.
    String transactionalId = "tx-" + topic;
    broker.createTopic(topic + "-checkpoints", 1, Map.of("cleanup.policy", "compact"));
    grant(ResourceType.TOPIC, topic + "-checkpoints", AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
    grant(ResourceType.TRANSACTIONAL_ID, transactionalId, AclOperation.WRITE, AclOperation.DESCRIBE);
    KafkaSinkConfig transactional = KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .clientSettings(alice())
        .topicMapping(TopicMapping.allTo(topic))
        .partitioning(Partitioning.BY_SOURCE_PARTITION)
        .checkpointTopic(topic + "-checkpoints")
        .transactionalId(transactionalId)
        .build();
    try (TransactionalKafkaSink sink = new TransactionalKafkaSink(transactional)) {
      sink.open(new Context("m", DeliveryGuarantee.EXACTLY_ONCE));
      sink.recover();
      assertThatThrownBy(() -> {
            sink.write(records("src", 3));
            sink.commit(Checkpoint.builder(1).position(KafkaPartitions.partitionId("src", 0), Position.of(2)).build());
          })
          .isInstanceOfSatisfying(KafkaAuthorizationException.class, e -> {
            assertThat(e.resources()).containsExactly(topic);
            assertThat(e.principal()).contains(PRINCIPAL);
          })
          .hasMessageContaining("WRITE").message().doesNotContain(PASSWORD);
    }
  }

  @Test
  void aPrincipalAllowedToWriteNowhereIsToldToGrantWriteOnTheTopics() {
    String topic = TestTopics.unique("write-nowhere");
    broker.createTopic(topic, 1);
    grant("User:" + NOBODY, ResourceType.TOPIC, topic, AclOperation.DESCRIBE);
    KafkaSinkConfig config = KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .clientSettings(settingsOf(NOBODY))
        .topicMapping(TopicMapping.allTo(topic))
        .partitioning(Partitioning.BY_SOURCE_PARTITION)
        .build();
    try (KafkaSink sink = new KafkaSink(config)) {
      sink.open(new Context("m", DeliveryGuarantee.AT_LEAST_ONCE));
      assertThatThrownBy(() -> {
            sink.write(records("src", 1));
            sink.flush();
          })
          .isInstanceOfSatisfying(KafkaAuthorizationException.class,
              e -> assertThat(e.principal()).contains("User:" + NOBODY))
          .hasMessageContaining("WRITE on the topics it writes to")
          .message().doesNotContain(NOBODY_PASSWORD);
    }
  }

  @Test
  void savingACheckpointWithoutWritePermissionFailsNamingTheCheckpointTopicAndPrincipal() {
    String store = TestTopics.unique("store-no-write") + "-checkpoints";
    broker.createTopic(store, 1, Map.of("cleanup.policy", "compact"));
    grant(ResourceType.TOPIC, store, AclOperation.READ, AclOperation.DESCRIBE);
    // WRITE elsewhere, so the idempotent producer may start and the refusal is this topic's.
    grant(ResourceType.TOPIC, store + "-elsewhere", AclOperation.WRITE);
    try (KafkaCheckpointStore checkpoints =
        KafkaCheckpointStore.open(broker.bootstrapServers(), ClientSettings.of(alice()), store, "m", 3)) {
      assertThat(checkpoints.latest()).isEmpty(); // reading is allowed
      assertThatThrownBy(() -> checkpoints.save(Checkpoint.builder(1).build()))
          .isInstanceOfSatisfying(KafkaAuthorizationException.class, e -> {
            assertThat(e.resourceType()).isEqualTo("topic");
            assertThat(e.resources()).containsExactly(store);
            assertThat(e.principal()).contains(PRINCIPAL);
          })
          .hasMessageContaining(PRINCIPAL + " is not authorized to use topic " + store)
          .hasMessageContaining("saving checkpoint 1 in checkpoint topic " + store)
          .hasMessageContaining("grant it READ, WRITE and DESCRIBE on the topic")
          .message().doesNotContain(PASSWORD);
    }
  }

  @Test
  void aMissingCheckpointTopicThePrincipalMayNotCreateIsReportedWithHowToFixIt() {
    // The documented ACLs on the checkpoint topic, but it was not created and CREATE is not granted.
    String checkpoints = TestTopics.unique("no-create") + "-checkpoints";
    grant(ResourceType.TOPIC, checkpoints, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
    try (TransactionalKafkaSink sink = new TransactionalKafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers()).clientSettings(alice()).checkpointTopic(checkpoints).build())) {
      assertThatThrownBy(() -> sink.open(new Context("m", DeliveryGuarantee.EXACTLY_ONCE)))
          .isInstanceOfSatisfying(KafkaAuthorizationException.class, e -> {
            assertThat(e.resources()).containsExactly(checkpoints);
            assertThat(e.principal()).contains(PRINCIPAL);
          })
          .hasMessageContaining("checkpoint topic " + checkpoints + " does not exist and " + PRINCIPAL + " may not create it")
          .hasMessageContaining("create it with 1 partition and cleanup.policy=compact, or grant CREATE on it")
          .message().doesNotContain(PASSWORD);
    }

    // Not even DESCRIBE: whether it exists cannot be told, and the message says what to grant.
    String hidden = TestTopics.unique("no-describe") + "-checkpoints";
    try (TransactionalKafkaSink sink = new TransactionalKafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers()).clientSettings(alice()).checkpointTopic(hidden).build())) {
      assertThatThrownBy(() -> sink.open(new Context("m", DeliveryGuarantee.EXACTLY_ONCE)))
          .isInstanceOf(KafkaAuthorizationException.class)
          .hasMessageContaining(PRINCIPAL + " may neither create it nor describe it")
          .hasMessageContaining("grant READ, WRITE and DESCRIBE on it");
    }

    // Created beforehand: the documented ACLs are enough, CREATE is not needed.
    broker.createTopic(checkpoints, 1, Map.of("cleanup.policy", "compact"));
    try (TransactionalKafkaSink sink = new TransactionalKafkaSink(KafkaSinkConfig.builder()
        .bootstrapServers(broker.bootstrapServers()).clientSettings(alice()).checkpointTopic(checkpoints).build())) {
      sink.open(new Context("m", DeliveryGuarantee.EXACTLY_ONCE));
    }
  }

  /**
   * Exactly the README's minimal ACLs for an exactly-once migration in assign mode (with a group
   * for lag tools, and a checkpoint topic the sink creates), and for an at-least-once one with a
   * checkpoint store in a topic created beforehand: both run to the end.
   */
  @Test
  void theDocumentedMinimalAclsAreEnoughForAssignModeMigrations() throws Exception {
    String source = TestTopics.unique("acl-source");
    String destination = TestTopics.unique("acl-destination");
    String checkpoints = destination + "-checkpoints";
    String group = "lag-" + source;
    String transactionalId = "sm-acl-" + destination;
    broker.createTopic(source, 2);
    broker.createTopic(destination, 2);
    TestTopics.write(broker, source, List.of(TestTopics.numbered(0, 200), TestTopics.numbered(1, 200)));
    grant(ResourceType.TOPIC, source, AclOperation.READ, AclOperation.DESCRIBE);
    grant(ResourceType.GROUP, group, AclOperation.READ);
    grant(ResourceType.TOPIC, destination, AclOperation.WRITE, AclOperation.DESCRIBE);
    grant(ResourceType.TRANSACTIONAL_ID, transactionalId, AclOperation.WRITE, AclOperation.DESCRIBE);
    grant(ResourceType.TOPIC, checkpoints, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
        AclOperation.CREATE);

    MigrationResult exactlyOnce = Migration.builder()
        .id("acl-" + destination)
        .source(new KafkaSource(KafkaSourceConfig.builder().bootstrapServers(broker.bootstrapServers())
            .topics(source).bounded(true).groupId(group).clientSettings(alice()).build()))
        .sink(new TransactionalKafkaSink(KafkaSinkConfig.builder().bootstrapServers(broker.bootstrapServers())
            .topicMapping(TopicMapping.renamed(Map.of(source, destination))).checkpointTopic(checkpoints)
            .clientSettings(alice()).build()))
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .build()
        .run();
    assertThat(exactlyOnce.records()).isEqualTo(400);
    assertThat(TestTopics.committedValues(broker, destination)).isEqualTo(TestTopics.committedValues(broker, source));

    String copy = TestTopics.unique("acl-copy");
    String store = copy + "-checkpoints";
    broker.createTopic(copy, 2);
    broker.createTopic(store, 1, Map.of("cleanup.policy", "compact"));
    grant(ResourceType.TOPIC, copy, AclOperation.WRITE, AclOperation.DESCRIBE);
    grant(ResourceType.TOPIC, store, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
    MigrationResult atLeastOnce = Migration.builder()
        .id("acl-" + copy)
        .source(new KafkaSource(KafkaSourceConfig.builder().bootstrapServers(broker.bootstrapServers())
            .topics(source).bounded(true).clientSettings(alice()).build()))
        .sink(new KafkaSink(KafkaSinkConfig.builder().bootstrapServers(broker.bootstrapServers())
            .topicMapping(TopicMapping.renamed(Map.of(source, copy))).clientSettings(alice()).build()))
        .checkpointStore(KafkaCheckpointStore.open(
            broker.bootstrapServers(), ClientSettings.of(alice()), store, "acl-" + copy, 3))
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .build()
        .run();
    assertThat(atLeastOnce.records()).isEqualTo(400);
    assertThat(TestTopics.committedValues(broker, copy)).isEqualTo(TestTopics.committedValues(broker, source));
  }

  /**
   * Exactly the README's minimal ACLs for consumer-group mode with the sink fenced by the group
   * (source and destination on one cluster, checkpoint topic created beforehand): it migrates
   * everything.
   */
  @Test
  void theDocumentedMinimalAclsAreEnoughForAFencedGroupMigration() throws Exception {
    String source = TestTopics.unique("acl-group-source");
    String destination = TestTopics.unique("acl-group-destination");
    String checkpoints = destination + "-checkpoints";
    String group = "acl-group-" + destination;
    String transactionalId = group + "-a";
    broker.createTopic(source, 2);
    broker.createTopic(destination, 2);
    broker.createTopic(checkpoints, 1, Map.of("cleanup.policy", "compact"));
    TestTopics.write(broker, source, List.of(TestTopics.numbered(0, 200), TestTopics.numbered(1, 200)));
    grant(ResourceType.TOPIC, source, AclOperation.READ, AclOperation.DESCRIBE);
    grant(ResourceType.GROUP, group, AclOperation.READ);
    grant(ResourceType.TOPIC, destination, AclOperation.WRITE, AclOperation.DESCRIBE);
    grant(ResourceType.TRANSACTIONAL_ID, transactionalId, AclOperation.WRITE, AclOperation.DESCRIBE);
    grant(ResourceType.TOPIC, checkpoints, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);

    KafkaSource kafkaSource = new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topics(source)
        .consumerGroup(group, new CheckpointTopicPositions(broker.bootstrapServers(), ClientSettings.of(alice()), checkpoints))
        .clientSettings(alice())
        .build());
    Migration migration = Migration.builder()
        .id(group)
        .source(kafkaSource)
        .sink(new TransactionalKafkaSink(KafkaSinkConfig.builder().bootstrapServers(broker.bootstrapServers())
            .topicMapping(TopicMapping.renamed(Map.of(source, destination))).checkpointTopic(checkpoints)
            .positionsPerPartition(true).transactionalId(transactionalId).clientSettings(alice()).build())
            .fencedBy(kafkaSource))
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(100).or(CheckpointTrigger.every(Duration.ofMillis(200))))
        .build();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<MigrationResult> run = migration.start(executor);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (committedOffsets(group) < 400) {
        assertThat(run).as("the migration runs").isNotDone();
        assertThat(System.nanoTime()).as("every record committed within 60 s").isLessThan(deadline);
        Thread.sleep(200);
      }
      migration.close();
      assertThat(run.get(30, TimeUnit.SECONDS).records()).isEqualTo(400);
    } finally {
      executor.shutdownNow();
    }
    assertThat(TestTopics.committedValues(broker, destination)).isEqualTo(TestTopics.committedValues(broker, source));
  }

  private static long committedOffsets(String group) throws Exception {
    try (Admin admin = broker.admin()) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
          .values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }
  }

  private KafkaSource source(String topic) {
    return new KafkaSource(KafkaSourceConfig.builder()
        .bootstrapServers(broker.bootstrapServers()).topics(topic).clientSettings(alice()).build());
  }

  private static List<Record> records(String sourceTopic, int count) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Record(null, ("v" + i).getBytes(StandardCharsets.UTF_8), Headers.EMPTY, 1L,
          KafkaPartitions.partitionId(sourceTopic, 0), Position.of(i)));
    }
    return out;
  }

  private static void writeAsAdmin(String topic, int count) {
    TestTopics.write(broker, topic, List.of(records("x", count)));
  }

  /** Grants alice {@code operations} on one resource. */
  static void grant(ResourceType type, String name, AclOperation... operations) {
    grant(PRINCIPAL, type, name, operations);
  }

  static void grant(String principal, ResourceType type, String name, AclOperation... operations) {
    List<AclBinding> bindings = new ArrayList<>();
    for (AclOperation operation : operations) {
      bindings.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
          new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
    }
    try (Admin admin = broker.admin()) {
      admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("granting " + List.of(operations) + " on " + type + " " + name, e);
    }
  }
}
