package io.streammigration.core.checkpoint;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One checkpoint file as an operator sees it, from {@link FileCheckpointStore#inspect()}: its id
 * (from the file name), its path, and either the checkpoint it holds or why it cannot be used.
 * Exactly one of {@link #checkpoint()} and {@link #problem()} is present.
 *
 * @param id the checkpoint id the file name carries
 * @param path the file
 * @param checkpoint the decoded checkpoint, present when the file is intact
 * @param problem why the file is unusable (checksum, truncation, version...), present when corrupt
 */
public record StoredCheckpoint(
    long id, Path path, Optional<Checkpoint> checkpoint, Optional<String> problem) {

  public StoredCheckpoint {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(problem, "problem");
    if (checkpoint.isPresent() == problem.isPresent()) {
      throw new IllegalArgumentException(
          "exactly one of checkpoint and problem must be present for " + path);
    }
  }

  static StoredCheckpoint ofIntact(long id, Path path, Checkpoint checkpoint) {
    return new StoredCheckpoint(id, path, Optional.of(checkpoint), Optional.empty());
  }

  static StoredCheckpoint ofCorrupt(long id, Path path, String problem) {
    return new StoredCheckpoint(id, path, Optional.empty(), Optional.of(problem));
  }

  /** True if the file holds a checkpoint that passed every check and can be resumed from. */
  public boolean intact() {
    return checkpoint.isPresent();
  }
}
