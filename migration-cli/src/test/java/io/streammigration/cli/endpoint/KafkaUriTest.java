package io.streammigration.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.kafka.KafkaSource;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code kafka:} URI forms that need no broker: start times, several topics, renames and
 * scale-out, and the errors naming what is wrong. Resolving opens no connection.
 */
class KafkaUriTest {

  private final KafkaEndpoints kafka = new KafkaEndpoints();
  private final EndpointOptions none = EndpointOptions.none();

  private static URI uri(String text) {
    return URI.create(text);
  }

  /** Options of one end of a run whose other end is {@code otherEnd}. */
  private static EndpointOptions runWith(String otherEnd) {
    return EndpointOptions.none().withOtherEnd(uri(otherEnd));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"earliest", "latest", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00%2B01:00", "1767225600000"})
  void startTakesEarliestLatestAnIsoTimeOrEpochMillis(String start) {
    assertThat(kafka.source(uri("kafka://b:9092/orders?start=" + start), none))
        .isInstanceOf(KafkaSource.class);
  }

  @Test
  void aStartThatIsNoTimeSaysWhatIsAccepted() {
    assertThatThrownBy(() -> kafka.source(uri("kafka://b:9092/orders?start=2026-13-01"), none))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining(
            "parameter 'start' must be earliest, latest, a time such as 2026-01-01T00:00:00Z, or"
                + " epoch milliseconds, was '2026-13-01'");
  }

  @Test
  void aSourceReadsSeveralTopicsAndRefusesRepeatedOrMalformedOnes() {
    assertThat(kafka.source(uri("kafka://b:9092/orders,payments"), none).toString())
        .isEqualTo("KafkaSource[orders, payments]");
    assertThatThrownBy(() -> kafka.source(uri("kafka://b:9092/a,a"), none))
        .hasMessageContaining("topic 'a' is named twice in kafka://b:9092/a,a");
    assertThatThrownBy(() -> kafka.source(uri("kafka://b:9092/a,,b"), none))
        .hasMessageContaining("an empty topic name in kafka://b:9092/a,,b");
    assertThatThrownBy(() -> kafka.source(uri("kafka://b:9092/a/b"), none))
        .hasMessageContaining("'a/b' is not a Kafka topic name");
  }

  @Test
  void aDestinationNamesOneTopicOrRenamesEachSourceTopic() {
    String from = "kafka://old:9092/orders,payments";

    assertThat(
            kafka.sink(
                uri("kafka://new:9092/?rename=orders:orders-v2,payments:payments-v2"),
                DeliveryGuarantee.EXACTLY_ONCE,
                runWith(from)))
        .isInstanceOf(TransactionalSink.class);
    assertThat(kafka.readBack(uri("kafka://new:9092?rename=orders:o2,payments:p2"), none).toString())
        .isEqualTo("KafkaSource[o2, p2]");
    assertThatThrownBy(
            () -> kafka.sink(uri("kafka://new:9092/a,b"), DeliveryGuarantee.EXACTLY_ONCE, none))
        .hasMessageContaining("a destination names one topic")
        .hasMessageContaining("rename=a:a2,b:b2");
    assertThatThrownBy(
            () ->
                kafka.sink(
                    uri("kafka://new:9092/x?rename=a:b"), DeliveryGuarantee.EXACTLY_ONCE, none))
        .hasMessageContaining("either one destination topic in the path or rename=..., not both");
    assertThatThrownBy(
            () ->
                kafka.sink(
                    uri("kafka://new:9092/?rename=orders"), DeliveryGuarantee.EXACTLY_ONCE, none))
        .hasMessageContaining("parameter 'rename' must be source:destination pairs");
  }

  @Test
  void inARunTheRenameMustCoverExactlyTheSourceTopics() {
    URI to = uri("kafka://new:9092/?rename=orders:orders-v2,refunds:refunds-v2");

    assertThatThrownBy(
            () ->
                kafka.sink(
                    to,
                    DeliveryGuarantee.EXACTLY_ONCE,
                    runWith("kafka://old:9092/orders,payments,refunds")))
        .hasMessageContaining("gives no destination for source topics [payments]");
    assertThatThrownBy(
            () ->
                kafka.sink(to, DeliveryGuarantee.EXACTLY_ONCE, runWith("kafka://old:9092/orders")))
        .hasMessageContaining("maps topics [refunds] that the source kafka://old:9092/orders does not read");
    assertThatThrownBy(
            () -> kafka.sink(to, DeliveryGuarantee.EXACTLY_ONCE, runWith("file:/var/log/app")))
        .hasMessageContaining("is not a kafka: URI; name one destination topic instead");
  }

  @Test
  void scaleOutNeedsAGroupAndReadsWithoutEndOnlyInARun() {
    String from = "kafka://old:9092/orders?group=orders-migration&scale-out=true";
    String to = "kafka://new:9092/orders?transactional-id=orders-1";

    assertThat(kafka.bounded(uri(from), runWith(to))).isFalse();
    // Read only (verify, assess), the same URI reads the topic directly, bounded.
    assertThat(kafka.bounded(uri(from), none)).isTrue();
    assertThat(kafka.source(uri(from), runWith(to))).isInstanceOf(KafkaSource.class);
    assertThat(kafka.sink(uri(to), DeliveryGuarantee.EXACTLY_ONCE, runWith(from)))
        .isInstanceOf(TransactionalSink.class);

    assertThatThrownBy(() -> kafka.source(uri("kafka://old:9092/orders?scale-out=true"), none))
        .hasMessageContaining("scale-out=true needs group=<id>");
    assertThatThrownBy(() -> kafka.source(uri(from + "&follow=false"), runWith(to)))
        .hasMessageContaining("so follow=false cannot hold");
  }

  @Test
  void scaleOutNeedsAKafkaExactlyOnceDestinationWithItsOwnTransactionalId() {
    String from = "kafka://old:9092/orders?group=g&scale-out=true";

    assertThatThrownBy(() -> kafka.source(uri(from), runWith("file:/data/orders")))
        .hasMessageContaining("needs a kafka: destination");
    assertThatThrownBy(
            () ->
                kafka.sink(
                    uri("kafka://new:9092/orders?transactional-id=x"),
                    DeliveryGuarantee.AT_LEAST_ONCE,
                    runWith(from)))
        .hasMessageContaining("needs --guarantee exactly-once");
    assertThatThrownBy(
            () ->
                kafka.sink(
                    uri("kafka://new:9092/orders"), DeliveryGuarantee.EXACTLY_ONCE, runWith(from)))
        .hasMessageContaining("needs transactional-id=<id> in kafka://new:9092/orders");
  }

  @Test
  void aFileSourceIsBoundedUnlessItFollows() {
    FileEndpoints files = new FileEndpoints();
    Path dir = Path.of("logs");
    assertThat(files.bounded(dir.toUri(), none)).isTrue();
    assertThat(files.bounded(uri(dir.toUri() + "?follow=true"), none)).isFalse();
  }
}
