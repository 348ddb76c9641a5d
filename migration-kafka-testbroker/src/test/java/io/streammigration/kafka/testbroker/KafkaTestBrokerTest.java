package io.streammigration.kafka.testbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaTestBrokerTest {

  private KafkaTestBroker broker;

  @Test
  void committedTransactionalRecordsSurviveABrokerRestart() throws Exception {
    broker.createTopic("bounce", 2);
    try (KafkaProducer<String, String> producer = producer("bounce-tx")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("bounce", 1, "k", "v1"));
      producer.commitTransaction();
    }
    String before = broker.bootstrapServers();
    broker.stop();
    assertThat(broker.isRunning()).isFalse();
    broker.start();
    assertThat(broker.bootstrapServers()).isEqualTo(before);
    assertThat(readAll("bounce", 1)).containsExactly("v1");
  }

  @Test
  void withAuthorizationAUserMayDoOnlyWhatAclsGrantItAndAdminEverything() throws Exception {
    try (KafkaTestBroker secured = new KafkaTestBroker().withAuthorization(Map.of("alice", "alice-secret")).start()) {
      secured.createTopic("granted", 1);
      secured.createTopic("denied", 1);
      try (Admin admin = secured.admin()) {
        admin.createAcls(List.of(new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "granted", PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
            .all().get(30, TimeUnit.SECONDS);
      }
      Map<String, Object> alice = new HashMap<>(secured.clientSettings("alice"));
      alice.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers());
      alice.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(alice, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("granted", "k", "v")).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("denied", "k", "v")).get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }
      Map<String, Object> wrongPassword = new HashMap<>(alice);
      wrongPassword.put("sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"nope\";");
      try (Admin stranger = Admin.create(wrongPassword)) {
        assertThatThrownBy(() -> stranger.listTopics().names().get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
    }
  }

  @Test
  void createTopicReturnsOnlyOnceEveryPartitionAnswersAndTakesWritesAtOnce() throws Exception {
    for (int round = 0; round < 3; round++) {
      String topic = "ready-" + round;
      broker.createTopic(topic, 16);
      Map<TopicPartition, OffsetSpec> query = new HashMap<>();
      for (int p = 0; p < 16; p++) {
        query.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      // No retries: a leader that answers NOT_LEADER_OR_FOLLOWER fails the call. With createTopic
      // waiting for leaders in the metadata only, this failed in the first round.
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(), "retries", 0))) {
        admin.listOffsets(query, new ListOffsetsOptions().timeoutMs(2_000)).all().get(5, TimeUnit.SECONDS);
      }
      // An idempotent producer writing to every partition at once: a partition not yet served would
      // stall it on OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout.
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
      config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          for (int p = 0; p < 16; p++) {
            sent.add(producer.send(new ProducerRecord<>(topic, p, "k", "v" + i)));
          }
        }
        for (Future<RecordMetadata> f : sent) {
          f.get(15, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Test
  void aTopicThatIsNeverReadyFailsAfterTheTimeoutNamingItAndWhatIsMissing() {
    long start = System.nanoTime();
    try (Admin admin = broker.admin()) {
      assertThatThrownBy(() -> KafkaTestBroker.awaitReady(admin, "never-created", 2, Duration.ofMillis(300)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("topic never-created is not ready 300 ms after creation")
          .hasMessageContaining("UnknownTopicOrPartitionException");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  private KafkaProducer<String, String> producer(String transactionalId) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
        new StringSerializer(),
        new StringSerializer());
  }

  private List<String> readAll(String topic, int partition) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, partition);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<String> values = new ArrayList<>();
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }
}
