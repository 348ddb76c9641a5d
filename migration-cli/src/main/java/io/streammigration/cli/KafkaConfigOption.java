package io.streammigration.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config <file>}, the Kafka client properties of every command that opens {@code
 * kafka:} endpoints: one declaration, so its name and its promise (never printed) cannot drift
 * apart between commands. Mixed in with {@code @Mixin}.
 */
final class KafkaConfigOption {

  @Option(
      names = "--kafka-config",
      paramLabel = "<file>",
      description = "Kafka client properties for kafka: endpoints; never printed.")
  Path path;

  /** The properties file, if the option was given. */
  Optional<Path> file() {
    return Optional.ofNullable(path);
  }
}
