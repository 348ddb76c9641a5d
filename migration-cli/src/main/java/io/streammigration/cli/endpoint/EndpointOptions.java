package io.streammigration.cli.endpoint;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command passes to an {@link EndpointResolver} besides the URI: settings that belong to the
 * command line rather than to one endpoint.
 *
 * @param stateDir where the command keeps its own state (checkpoints, segment registries), if given
 * @param clientConfig a properties file for a client library (e.g. {@code --kafka-config}), passed
 *     through unread by resolvers that have no use for it; its values may be secrets and are never
 *     printed (see {@link Secrets})
 * @param otherEnd in a migration run, the endpoint at the other end: the destination, for a
 *     source; the source, for a sink. Empty when an endpoint is only read ({@code verify}, {@code
 *     assess}). Resolvers use it where one end depends on the other (a Kafka source in scale-out
 *     mode resumes from positions its Kafka destination commits) and to check a pair early (a
 *     topic rename must cover every source topic).
 */
public record EndpointOptions(
    Optional<Path> stateDir, Optional<Path> clientConfig, Optional<URI> otherEnd) {

  public EndpointOptions {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(clientConfig, "clientConfig");
    Objects.requireNonNull(otherEnd, "otherEnd");
  }

  /**
   * Options from the command line, checking that a client configuration file can be read (without
   * reading it: its values may be secrets).
   *
   * @throws EndpointException naming {@code clientConfigOption} and the file if it cannot be read
   */
  public static EndpointOptions of(
      Optional<Path> stateDir, Optional<Path> clientConfig, String clientConfigOption) {
    clientConfig.ifPresent(
        file -> {
          if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new EndpointException(
                clientConfigOption + " " + file + ": no such readable file");
          }
        });
    return new EndpointOptions(stateDir, clientConfig, Optional.empty());
  }

  /** No state directory, no client configuration, no other end. */
  public static EndpointOptions none() {
    return new EndpointOptions(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** These options for one end of a migration run whose other end is {@code otherEnd}. */
  public EndpointOptions withOtherEnd(URI otherEnd) {
    return new EndpointOptions(stateDir, clientConfig, Optional.of(otherEnd));
  }
}
