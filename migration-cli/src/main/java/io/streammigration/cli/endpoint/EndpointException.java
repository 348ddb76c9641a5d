package io.streammigration.cli.endpoint;

/**
 * A user error in an endpoint: a malformed URI, an unknown scheme, a bad query parameter, or a
 * scheme this build cannot serve. The message names the URI and what is wrong with it, and is shown
 * to the operator as it is, with the usage, never with a stack trace.
 */
public class EndpointException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} names the URI (or option) and says what is wrong. */
  public EndpointException(String message) {
    super(message);
  }
}
