package io.streammigration.core.verify;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.Objects;
import java.util.Optional;

/**
 * Which records of a source the verifier reads: those after an optional start checkpoint's
 * positions, up to and including an optional end checkpoint's positions.
 *
 * <ul>
 *   <li>Start: the source is opened with the start checkpoint, so it delivers, per partition, the
 *       records after the checkpoint's position (partitions it does not name from their start).
 *       What it delivers is taken as is: a source that delivers records at or before the start
 *       breaks the resume contract, and the digests show it rather than hide it.
 *   <li>End: with an end checkpoint the range holds only the partitions the end checkpoint names,
 *       each up to and including its position; records past it (or of other partitions) are not
 *       read into the digests, and reading stops once every named partition reached its end
 *       position, so a live source can be verified up to a checkpoint. On the destination side,
 *       records are placed by their provenance headers; a record without them is out of range
 *       when its partition is not named, or when the destination has already delivered that
 *       partition's last record of the range (after a cutover, the new writers' records).
 * </ul>
 *
 * <p>Immutable.
 */
public final class ReadRange {

  private static final ReadRange ALL = new ReadRange(Optional.empty(), Optional.empty());

  private final Optional<Checkpoint> from;
  private final Optional<Checkpoint> upTo;

  private ReadRange(Optional<Checkpoint> from, Optional<Checkpoint> upTo) {
    this.from = from;
    this.upTo = upTo;
  }

  /** Everything the source delivers when opened fresh, until it ends (or goes idle). */
  public static ReadRange all() {
    return ALL;
  }

  /** The records after {@code from}'s positions, until the source ends (or goes idle). */
  public static ReadRange after(Checkpoint from) {
    return new ReadRange(Optional.of(Objects.requireNonNull(from, "from")), Optional.empty());
  }

  /** From the source's start up to and including {@code upTo}'s positions. */
  public static ReadRange upTo(Checkpoint upTo) {
    return new ReadRange(Optional.empty(), Optional.of(Objects.requireNonNull(upTo, "upTo")));
  }

  /**
   * The records after {@code from}'s positions, up to and including {@code upTo}'s.
   *
   * @throws MigrationConfigException (setting "range") if {@code upTo} is behind {@code from} in a
   *     partition both name
   */
  public static ReadRange between(Checkpoint from, Checkpoint upTo) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(upTo, "upTo");
    upTo.positions()
        .forEach(
            (partition, end) ->
                from.position(partition)
                    .filter(start -> start.isAfter(end))
                    .ifPresent(
                        start -> {
                          throw new MigrationConfigException(
                              "range",
                              "end checkpoint "
                                  + upTo.id()
                                  + " is at "
                                  + end
                                  + " in partition "
                                  + partition
                                  + ", behind the start checkpoint "
                                  + from.id()
                                  + " at "
                                  + start);
                        }));
    return new ReadRange(Optional.of(from), Optional.of(upTo));
  }

  /** The checkpoint the source is opened with. */
  public Optional<Checkpoint> from() {
    return from;
  }

  /** The checkpoint whose positions end the range, if bounded. */
  public Optional<Checkpoint> upTo() {
    return upTo;
  }

  /** True if an end checkpoint bounds the range. */
  public boolean isBounded() {
    return upTo.isPresent();
  }

  /** True if the record at {@code position} of {@code partition} lies in the range. */
  public boolean contains(PartitionId partition, Position position) {
    Optional<Position> start = from.flatMap(cp -> cp.position(partition));
    if (start.isPresent() && !position.isAfter(start.get())) {
      return false;
    }
    if (upTo.isEmpty()) {
      return true;
    }
    Optional<Position> end = upTo.get().position(partition);
    return end.isPresent() && !position.isAfter(end.get());
  }

  @Override
  public String toString() {
    return "ReadRange{from="
        + from.map(cp -> "checkpoint " + cp.id()).orElse("start")
        + ", upTo="
        + upTo.map(cp -> "checkpoint " + cp.id()).orElse("end")
        + "}";
  }
}
