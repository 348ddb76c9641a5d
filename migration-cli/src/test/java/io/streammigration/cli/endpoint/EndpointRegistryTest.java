package io.streammigration.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.file.FileSource;
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
  void kafkaIsKnownButUnavailableUntilAResolverIsPluggedIn() {
    URI kafka = URI.create("kafka://broker:9092/orders");
    EndpointResolver placeholder = EndpointRegistry.standard().resolverFor(kafka);

    assertThatThrownBy(() -> placeholder.source(kafka, EndpointOptions.none()))
        .isInstanceOf(EndpointUnavailableException.class)
        .hasMessage("kafka endpoints are not available in this build (kafka://broker:9092/orders)");
  }

  @Test
  void aResolverAskedEarlierTakesOverTheScheme() {
    EndpointResolver kafka = new FakeKafka();
    List<EndpointResolver> all = new ArrayList<>(List.of(kafka, new FileEndpoints()));
    all.add(new UnavailableEndpoints("kafka"));

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

  /** Stands for the Kafka resolver that will plug in through ServiceLoader. */
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
