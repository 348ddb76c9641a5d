package io.streammigration.cli.endpoint;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import java.net.URI;
import java.util.OptionalLong;

/**
 * Stands in for an endpoint family whose adapter is not in this build: it recognises the scheme so
 * the operator reads "kafka endpoints are not available in this build" instead of "unknown scheme",
 * and refuses every use with {@link EndpointUnavailableException}.
 */
final class UnavailableEndpoints implements EndpointResolver {

  private final String scheme;

  UnavailableEndpoints(String scheme) {
    this.scheme = scheme;
  }

  @Override
  public String scheme() {
    return scheme;
  }

  @Override
  public boolean supports(URI uri) {
    return scheme.equalsIgnoreCase(uri.getScheme());
  }

  @Override
  public Source source(URI uri, EndpointOptions options) {
    throw new EndpointUnavailableException(scheme, uri.toString());
  }

  @Override
  public Sink sink(URI uri, DeliveryGuarantee guarantee, EndpointOptions options) {
    throw new EndpointUnavailableException(scheme, uri.toString());
  }

  @Override
  public Source readBack(URI uri, EndpointOptions options) {
    throw new EndpointUnavailableException(scheme, uri.toString());
  }

  @Override
  public OptionalLong freeBytes(URI uri, EndpointOptions options) {
    throw new EndpointUnavailableException(scheme, uri.toString());
  }

  @Override
  public EndpointAssessment assess(URI uri, EndpointOptions options) {
    throw new EndpointUnavailableException(scheme, uri.toString());
  }
}
