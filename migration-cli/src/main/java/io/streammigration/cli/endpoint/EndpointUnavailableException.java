package io.streammigration.cli.endpoint;

/**
 * The URI's scheme is known but its adapter is not part of this build (for example {@code kafka:}
 * before the Kafka resolver is added). A usage error: nothing was started.
 */
public final class EndpointUnavailableException extends EndpointException {

  private static final long serialVersionUID = 1L;

  /** {@code scheme} is the URI's scheme; the message says it is unavailable in this build. */
  public EndpointUnavailableException(String scheme, String uri) {
    super(scheme + " endpoints are not available in this build (" + uri + ")");
  }
}
