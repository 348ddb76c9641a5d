package io.streammigration.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.file.FileSource;
import io.streammigration.kafka.KafkaSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointRegistryTest {

  @TempDir Path tmp;

  @Test
  void kafkaUrisAreServedByTheKafkaResolver() {
    URI kafka = URI.create("kafka://broker:9092,broker2:9092/orders");
    EndpointResolver resolver = EndpointRegistry.standard().resolverFor(kafka);

    assertThat(resolver).isInstanceOf(KafkaEndpoints.class);
    // Resolving opens nothing, so an unreachable broker is fine here.
    assertThat(resolver.source(kafka, EndpointOptions.none())).isInstanceOf(KafkaSource.class);
    assertThat(resolver.sink(kafka, DeliveryGuarantee.EXACTLY_ONCE, EndpointOptions.none()))
        .isInstanceOf(TransactionalSink.class);
    assertThat(resolver.sink(kafka, DeliveryGuarantee.AT_LEAST_ONCE, EndpointOptions.none()))
        .isNotInstanceOf(TransactionalSink.class);
  }

  @Test
  void kafkaUriErrorsNameTheUriAndTheParameter() {
    KafkaEndpoints kafka = new KafkaEndpoints();
    EndpointOptions none = EndpointOptions.none();

    assertThatThrownBy(() -> kafka.source(URI.create("kafka://b:9092/t?colour=red"), none))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("unknown parameter 'colour'")
        .hasMessageContaining("kafka://b:9092/t?colour=red");
    assertThatThrownBy(() -> kafka.source(URI.create("kafka://b:9092/t?start=middle"), none))
        .hasMessageContaining("parameter 'start' must be earliest, latest, a time");
    assertThatThrownBy(
            () ->
                kafka.sink(
                    URI.create("kafka://b:9092/t?partitioning=round-robin"),
                    DeliveryGuarantee.EXACTLY_ONCE,
                    none))
        .hasMessageContaining("parameter 'partitioning'");
    // A sink parameter is not a source parameter: run --from refuses it by name.
    assertThatThrownBy(() -> kafka.source(URI.create("kafka://b:9092/t?partitioning=by-key"), none))
        .hasMessageContaining("unknown parameter 'partitioning'");
    assertThatThrownBy(() -> kafka.source(URI.create("kafka://b:9092/"), none))
        .hasMessageContaining("no topic in kafka://b:9092/");
    assertThatThrownBy(() -> kafka.source(URI.create("kafka://b/t"), none))
        .hasMessageContaining("'b' is not a host:port bootstrap server");
    assertThatThrownBy(() -> kafka.source(URI.create("kafka:t"), none))
        .hasMessageContaining("no bootstrap servers");
  }

  @Test
  void aResolverAskedEarlierTakesOverTheScheme() {
    EndpointResolver kafka = new FakeKafka();
    List<EndpointResolver> all = new ArrayList<>(List.of(kafka, new FileEndpoints()));
    all.add(new KafkaEndpoints());

    assertThat(new EndpointRegistry(all).resolverFor(URI.create("kafka://b/t"))).isSameAs(kafka);
  }

  @Test
  void fileUrisTakeAbsoluteAndRelativePathsAndKeepPlusSignsAndSpaces() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a+b c"));
    Files.writeString(dir.resolve("x.log"), "one\n");
    FileEndpoints files = new FileEndpoints();

    Source absolute = files.source(dir.toUri(), EndpointOptions.none());
    assertThat(((FileSource) absolute).config().path()).isEqualTo(dir);
    Source relative = files.source(URI.create("file:src?format=lines"), EndpointOptions.none());
    assertThat(((FileSource) relative).config().path()).isEqualTo(Path.of("src"));
  }

  @Test
  void theGuaranteeChoosesTheSinkKind() {
    FileEndpoints files = new FileEndpoints();
    URI out = tmp.resolve("out").toUri();

    Sink exactlyOnce = files.sink(out, DeliveryGuarantee.EXACTLY_ONCE, EndpointOptions.none());
    Sink atLeastOnce = files.sink(out, DeliveryGuarantee.AT_LEAST_ONCE, EndpointOptions.none());

    assertThat(exactlyOnce).isInstanceOf(TransactionalSink.class);
    assertThat(atLeastOnce).isNotInstanceOf(TransactionalSink.class);
  }

  @Test
  void libraryConfigErrorsNameTheUri() {
    URI uri = URI.create(tmp.resolve("out").toUri() + "?segment-bytes=10");
    assertThatThrownBy(
            () ->
                new FileEndpoints()
                    .sink(uri, DeliveryGuarantee.EXACTLY_ONCE, EndpointOptions.none()))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("maxSegmentBytes")
        .hasMessageContaining(uri.toString());
  }

  /** Stands for a resolver plugged in through ServiceLoader, ahead of the built-in ones. */
  private static final class FakeKafka implements EndpointResolver {
    @Override
    public String scheme() {
      return "kafka";
    }

    @Override
    public boolean supports(URI uri) {
      return "kafka".equals(uri.getScheme());
    }

    @Override
    public Source source(URI uri, EndpointOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean bounded(URI uri, EndpointOptions options) {
      return true;
    }

    @Override
    public Sink sink(URI uri, DeliveryGuarantee guarantee, EndpointOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Source readBack(URI uri, EndpointOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public EndpointAssessment assess(URI uri, EndpointOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public OptionalLong freeBytes(URI uri, EndpointOptions options) {
      return OptionalLong.empty();
    }
  }
}
