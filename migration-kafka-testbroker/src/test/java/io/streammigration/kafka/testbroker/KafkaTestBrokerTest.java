package io.streammigration.kafka.testbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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
