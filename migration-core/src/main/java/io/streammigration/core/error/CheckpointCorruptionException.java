package io.streammigration.core.error;

import java.util.Objects;

/**
 * A checkpoint failed its checksum, was truncated, or has an unknown format. The checkpoint is
 * never used: the engine refuses to start on it. {@link #location()} names the file (or store
 * entry) so an operator can inspect it and choose an older checkpoint explicitly.
 */
public class CheckpointCorruptionException extends MigrationException {

  private final String location;

  public CheckpointCorruptionException(String location, String problem) {
    this(location, problem, null);
  }

  public CheckpointCorruptionException(String location, String problem, Throwable cause) {
    super("corrupt checkpoint " + location + ": " + problem, cause);
    this.location = Objects.requireNonNull(location, "location");
  }

  /** The file or store entry holding the corrupt checkpoint. */
  public String location() {
    return location;
  }
}
