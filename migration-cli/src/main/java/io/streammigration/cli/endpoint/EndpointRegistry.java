package io.streammigration.cli.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The endpoint families a command can use, asked in order: the first resolver that {@link
 * EndpointResolver#supports supports} a URI serves it.
 *
 * <p>{@link #standard()} holds, in this order: resolvers found through {@link ServiceLoader} (an
 * adapter module, such as the Kafka one, plugs in with a {@code
 * META-INF/services/io.streammigration.cli.endpoint.EndpointResolver} entry), then {@link
 * FileEndpoints}, then {@link KafkaEndpoints}. Plugged-in resolvers come first so an adapter can
 * take over a scheme.
 */
public final class EndpointRegistry {

  private final List<EndpointResolver> resolvers;

  /** A registry asking {@code resolvers} in the given order. */
  public EndpointRegistry(List<EndpointResolver> resolvers) {
    this.resolvers = List.copyOf(resolvers);
  }

  /** Plugged-in resolvers, then {@code file:}, then {@code kafka:}. */
  public static EndpointRegistry standard() {
    List<EndpointResolver> all = new ArrayList<>();
    ServiceLoader.load(EndpointResolver.class).forEach(all::add);
    all.add(new FileEndpoints());
    all.add(new KafkaEndpoints());
    return new EndpointRegistry(all);
  }

  /**
   * Parses {@code text} as an endpoint URI.
   *
   * @throws EndpointException naming the text if it is not a URI or has no scheme
   */
  public static URI parse(String option, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new EndpointException(
          option
              + ": '"
              + text
              + "' is not a valid URI ("
              + e.getReason()
              + " at index "
              + e.getIndex()
              + ")");
    }
    if (uri.getScheme() == null) {
      throw new EndpointException(
          option + ": '" + text + "' has no scheme; write e.g. file:/data/in?format=lines");
    }
    return uri;
  }

  /**
   * The resolver serving {@code uri}.
   *
   * @throws EndpointException naming the URI and the schemes this build serves if none does
   */
  public EndpointResolver resolverFor(URI uri) {
    for (EndpointResolver r : resolvers) {
      if (r.supports(uri)) {
        return r;
      }
    }
    throw new EndpointException(
        "unknown scheme '"
            + uri.getScheme()
            + "' in "
            + uri
            + "; known schemes: "
            + resolvers.stream()
                .map(EndpointResolver::scheme)
                .distinct()
                .collect(Collectors.joining(", ")));
  }
}
