package io.streammigration.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EndpointResolver#destinationNames}: two spellings of one destination share a name; two
 * destinations do not. And {@link EndpointResolver#movingStart}: Kafka's {@code start=latest} only.
 */
class DestinationNamesTest {

  @TempDir Path tmp;

  private final FileEndpoints files = new FileEndpoints();
  private final KafkaEndpoints kafka = new KafkaEndpoints();

  private static boolean meet(Set<String> a, Set<String> b) {
    return a.stream().anyMatch(b::contains);
  }

  private Set<String> file(String uri) {
    return files.destinationNames(URI.create(uri));
  }

  private Set<String> kafka(String uri) {
    return kafka.destinationNames(URI.create(uri));
  }

  @Test
  void spellingsOfOneDirectoryShareTheirName() throws Exception {
    Path out = tmp.resolve("data/out");
    String abs = out.toAbsolutePath().toString();
    Set<String> plain = file("file:" + abs);

    assertThat(plain).containsExactly("file:" + tmp.toRealPath().resolve("data/out"));
    assertThat(file("file://" + abs + "/")).isEqualTo(plain);
    assertThat(file("file:" + tmp.toAbsolutePath() + "/data/../data/./out")).isEqualTo(plain);
    // Parameters do not make another destination: the directory holds one commit manifest.
    assertThat(file("file:" + abs + "?format=lines&prefix=other")).isEqualTo(plain);

    // Through a symbolic link, once the directory exists.
    Files.createDirectories(out);
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("data"));
    assertThat(file("file:" + link.toAbsolutePath() + "/out")).isEqualTo(file("file:" + abs));
  }

  @Test
  void siblingDirectoriesAreDistinct() {
    String base = "file:" + tmp.toAbsolutePath();
    assertThat(meet(file(base + "/out"), file(base + "/out2"))).isFalse();
    assertThat(meet(file(base + "/out"), file(base + "/out/sub"))).isFalse();
  }

  @Test
  void kafkaServersInAnyOrderAndCaseWithParametersInAnyOrderNameOneDestination() {
    Set<String> a = kafka("kafka://Broker-1:9092,broker-2:9092/orders?partitioning=by-key&transactional-id=a");
    Set<String> b = kafka("kafka://broker-2:9092,BROKER-1:9092/orders?transactional-id=b&partitioning=by-key");

    assertThat(a).isEqualTo(b);
    assertThat(a).containsExactly("kafka://broker-1:9092/orders", "kafka://broker-2:9092/orders");
    // One shared bootstrap server is one cluster.
    assertThat(meet(a, kafka("kafka://broker-1:9092/orders"))).isTrue();
  }

  @Test
  void aRenameTargetCollidesWithAPlainDestinationTopic() {
    assertThat(
            meet(
                kafka("kafka://h:9092/orders-v2"),
                kafka("kafka://H:9092/?rename=orders:orders-v3,refunds:orders-v2")))
        .isTrue();
  }

  @Test
  void anotherTopicOrAnotherClusterIsAnotherDestination() {
    assertThat(meet(kafka("kafka://h:9092/orders"), kafka("kafka://h:9092/refunds"))).isFalse();
    assertThat(meet(kafka("kafka://old:9092/orders"), kafka("kafka://new:9092/orders"))).isFalse();
  }

  @Test
  void aMalformedDestinationIsReportedAsTheSinkWouldReportIt() {
    assertThatThrownBy(() -> kafka("kafka://h:9092/a,b"))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("a destination names one topic");
    assertThatThrownBy(() -> file("file://host/data"))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("not a host");
  }

  @Test
  void onlyKafkaStartLatestIsAMovingStart() {
    assertThat(kafka.movingStart(URI.create("kafka://h:9092/t?start=latest")))
        .contains("start=latest");
    assertThat(kafka.movingStart(URI.create("kafka://h:9092/t?start=2026-01-01T00:00:00Z")))
        .isEmpty();
    assertThat(kafka.movingStart(URI.create("kafka://h:9092/t"))).isEmpty();
    assertThat(files.movingStart(URI.create("file:/data/in"))).isEmpty();
    assertThatThrownBy(() -> kafka.movingStart(URI.create("kafka://h:9092/t?start=soon")))
        .hasMessageContaining("parameter 'start' must be");
  }
}
