package io.streammigration.cli;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code migrate run --cutover} was asked to do: when the migration counts as caught up, how
 * long to wait for that, how long the drain may take, and the shell commands run around the drain.
 *
 * @param maxLag caught up means a total lag at most this, in the source's position units (Kafka:
 *     offsets, so records; files: bytes); {@code --cutover-lag}
 * @param window how long the lag must stay at or under {@code maxLag}; {@code --cutover-window}
 * @param waitAtMost how long to wait for that before giving up (NOT_CAUGHT_UP); {@code
 *     --cutover-wait}
 * @param drainTimeout how long the drain may take once the before-drain command succeeded; {@code
 *     --drain-timeout}
 * @param beforeDrain the command that stops the writers of the old stream; {@code --before-drain}
 * @param afterDrain the command told where the old stream ended; {@code --after-drain}
 */
record CutoverOptions(
    long maxLag,
    Duration window,
    Duration waitAtMost,
    Duration drainTimeout,
    Optional<String> beforeDrain,
    Optional<String> afterDrain) {

  CutoverOptions {
    if (maxLag < 0) {
      throw new UsageException("--cutover-lag must be 0 or more, was " + maxLag);
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(waitAtMost, "waitAtMost");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(beforeDrain, "beforeDrain");
    Objects.requireNonNull(afterDrain, "afterDrain");
  }
}
