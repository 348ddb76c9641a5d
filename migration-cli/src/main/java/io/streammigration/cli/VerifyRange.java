package io.streammigration.cli;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.checkpoint.StoredCheckpoint;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.verify.ReadRange;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Which part of the source {@code migrate verify} checks: everything its URI starts at, or the
 * records after one checkpoint of a run and/or up to another, read from the run's state directory
 * as {@code migrate checkpoints} reads them. Immutable.
 *
 * <p>With a start checkpoint the source is read from just after its positions (partitions it does
 * not name from where the source URI starts them); with an end checkpoint, only the partitions it
 * names, up to and including its positions. Destination records are placed by their provenance
 * headers, and those outside the range are left out (see {@link ReadRange}); a destination that
 * keeps no headers (a {@code format=lines} file) cannot be verified by range.
 *
 * @param after the start checkpoint, exclusive, if any
 * @param upTo the end checkpoint, inclusive, if any
 * @param checkpoints the checkpoint directory they were read from, when either is present
 */
record VerifyRange(
    Optional<Checkpoint> after, Optional<Checkpoint> upTo, Optional<Path> checkpoints) {

  VerifyRange {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(upTo, "upTo");
    Objects.requireNonNull(checkpoints, "checkpoints");
  }

  /** The whole source, from where its URI starts. */
  static VerifyRange whole() {
    return new VerifyRange(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * From the source's start up to {@code end}, a checkpoint already in hand (the one a cutover
   * drained to), kept in {@code checkpoints} if the run kept its checkpoints in a directory.
   */
  static VerifyRange upTo(Checkpoint end, Optional<Path> checkpoints) {
    return new VerifyRange(Optional.empty(), Optional.of(end), checkpoints);
  }

  /**
   * The range between the checkpoints {@code afterId} and {@code upToId} (either may be absent)
   * stored under {@code stateDir}; the whole source if both are absent.
   *
   * @throws UsageException naming the option for a missing state directory, an id that is not
   *     stored or is corrupt, or an end before the start
   */
  static VerifyRange of(Optional<Path> stateDir, OptionalLong afterId, OptionalLong upToId) {
    if (afterId.isEmpty() && upToId.isEmpty()) {
      if (stateDir.isPresent()) {
        throw new UsageException(
            "--state-dir is read only for --after-checkpoint, --up-to-checkpoint or"
                + " --max-error-ratio; give one, or leave --state-dir out to verify the whole"
                + " source");
      }
      return whole();
    }
    String option = afterId.isPresent() ? "--after-checkpoint" : "--up-to-checkpoint";
    if (stateDir.isEmpty()) {
      throw new UsageException(
          option
              + " reads the run's checkpoints from its state directory: give --state-dir <dir>,"
              + " as given to 'migrate run' (see 'migrate checkpoints list')");
    }
    if (afterId.isPresent() && upToId.isPresent() && upToId.getAsLong() < afterId.getAsLong()) {
      throw new UsageException(
          "--up-to-checkpoint "
              + upToId.getAsLong()
              + " is before --after-checkpoint "
              + afterId.getAsLong()
              + ": the range would end before it starts");
    }
    Path dir = CheckpointsCommand.checkpointsIn(stateDir.get(), "--state-dir");
    // Read without opening a store: verify may run while the migration still saves checkpoints.
    List<StoredCheckpoint> stored = FileCheckpointStore.peek(dir);
    Optional<Checkpoint> after = checkpoint(stored, dir, afterId, "--after-checkpoint");
    Optional<Checkpoint> upTo = checkpoint(stored, dir, upToId, "--up-to-checkpoint");
    VerifyRange range = new VerifyRange(after, upTo, Optional.of(dir));
    try {
      range.readRange();
    } catch (MigrationConfigException e) {
      throw new UsageException(
          "--up-to-checkpoint is behind --after-checkpoint: " + e.getMessage());
    }
    return range;
  }

  private static Optional<Checkpoint> checkpoint(
      List<StoredCheckpoint> stored, Path dir, OptionalLong id, String option) {
    if (id.isEmpty()) {
      return Optional.empty();
    }
    StoredCheckpoint found;
    try {
      found = CheckpointsCommand.find(stored, dir, id.getAsLong());
    } catch (UsageException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
    return Optional.of(
        found
            .checkpoint()
            .orElseThrow(
                () ->
                    new UsageException(
                        option
                            + ": checkpoint "
                            + found.id()
                            + " is corrupt ("
                            + found.problem().orElse("")
                            + "); choose another with 'migrate checkpoints list'")));
  }

  /**
   * Refuses to read {@code from} again when it starts at a point that moves with time (Kafka's
   * {@code start=latest}) and this range has no start checkpoint: what the run read can then not
   * be read again, and comparing anything else would report a bogus mismatch.
   *
   * @param movingStart the source's moving start parameter, if it has one ({@link
   *     io.streammigration.cli.endpoint.EndpointResolver#movingStart})
   * @param command the command reading it again, for the message ({@code verify})
   * @throws UsageException saying how such a run can be read again
   */
  void requireFixedStart(URI from, Optional<String> movingStart, String command) {
    if (movingStart.isPresent() && after.isEmpty()) {
      throw new UsageException(
          "--from "
              + from
              + ": "
              + movingStart.get()
              + " names no fixed records at "
              + command
              + " time (it means the end when a source opens, which has moved on since the run"
              + " started), so what the run read cannot be read again. Take what the run"
              + " migrated after one of its checkpoints (--state-dir <its state dir>"
              + " --after-checkpoint <id>, see 'migrate checkpoints list'), or give the time the"
              + " run started instead, as in start=2026-01-01T00:00:00Z");
    }
  }

  /** The range for {@link io.streammigration.core.verify.Verifier.Builder#sourceRange}. */
  ReadRange readRange() {
    if (after.isPresent() && upTo.isPresent()) {
      return ReadRange.between(after.get(), upTo.get());
    }
    return after.map(ReadRange::after).or(() -> upTo.map(ReadRange::upTo)).orElse(ReadRange.all());
  }

  /**
   * One line for the text report.
   *
   * @param movingStart the source's moving start parameter ({@code start=latest}), if it has one:
   *     the partitions a start checkpoint does not name are then not read at all
   */
  String text(Optional<String> movingStart) {
    String unnamed =
        movingStart
            .map(p -> " (partitions it does not name: none, " + p + ")")
            .orElse(" (partitions it does not name: from the source's start)");
    String start =
        after
            .map(c -> "after checkpoint " + describe(c) + unnamed)
            .orElse("from the source's start");
    String end =
        upTo.map(c -> "up to checkpoint " + describe(c) + ", the partitions it names")
            .orElse("to the source's end");
    return "range "
        + (after.isEmpty() && upTo.isEmpty() ? "the whole source, " : "")
        + start
        + " "
        + end
        + checkpoints.map(d -> "; checkpoints in " + d).orElse("");
  }

  /**
   * The JSON object: {@code after} and {@code upTo} (each null, or {@code {id, createdAt, records,
   * positions}} with positions by partition name) and {@code checkpoints} (the directory or null).
   */
  String json() {
    return "{\"after\":"
        + after.map(VerifyRange::json).orElse("null")
        + ",\"upTo\":"
        + upTo.map(VerifyRange::json).orElse("null")
        + ",\"checkpoints\":"
        + checkpoints.map(d -> Json.string(d.toString())).orElse("null")
        + "}";
  }

  private static String describe(Checkpoint c) {
    return String.format(Locale.ROOT, "%d (%s, %,d records)", c.id(), c.createdAt(), c.records());
  }

  private static String json(Checkpoint c) {
    return "{\"id\":"
        + c.id()
        + ",\"createdAt\":"
        + Json.string(c.createdAt().toString())
        + ",\"records\":"
        + c.records()
        + ",\"positions\":"
        + c.positions().entrySet().stream()
            .map(e -> Json.string(e.getKey().name()) + ":" + Json.string(e.getValue().toString()))
            .collect(Collectors.joining(",", "{", "}"))
        + "}";
  }
}
