package io.streammigration.kafka;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link KafkaSource} starts reading a partition that its checkpoint does not name (all of
 * them on a fresh start). A partition the checkpoint names always resumes right after the
 * checkpointed offset, whatever this says.
 */
public final class StartPosition {

  private static final StartPosition EARLIEST = new StartPosition("earliest", null);
  private static final StartPosition LATEST = new StartPosition("latest", null);

  private final String kind;
  private final Instant timestamp;

  private StartPosition(String kind, Instant timestamp) {
    this.kind = kind;
    this.timestamp = timestamp;
  }

  /** The partition's log start offset: everything still retained. The default. */
  public static StartPosition earliest() {
    return EARLIEST;
  }

  /** The partition's end offset when the source opens: only records produced afterwards. */
  public static StartPosition latest() {
    return LATEST;
  }

  /**
   * The first record whose timestamp is at or after {@code timestamp}; the end offset if there is
   * none yet.
   */
  public static StartPosition atTimestamp(Instant timestamp) {
    return new StartPosition("timestamp", Objects.requireNonNull(timestamp, "timestamp"));
  }

  boolean isEarliest() {
    return this == EARLIEST;
  }

  boolean isLatest() {
    return this == LATEST;
  }

  /** The timestamp, for {@link #atTimestamp} start positions. */
  public Optional<Instant> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  @Override
  public String toString() {
    return timestamp == null ? kind : kind + " " + timestamp;
  }
}
