package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.Objects;

/**
 * A checkpoint the engine committed (EXACTLY_ONCE: {@code sink.commit}; AT_LEAST_ONCE: {@code
 * sink.flush} plus {@code store.save}).
 *
 * @param checkpoint what was committed
 * @param duration how long the commit took (flush plus save, or the sink's commit)
 * @param records source records this checkpoint added to the previous one
 * @param bytes source bytes this checkpoint added
 * @param latency end-to-end latency of the records this checkpoint made durable
 */
public record CheckpointEvent(
    Checkpoint checkpoint, Duration duration, long records, long bytes, LatencySnapshot latency) {

  public CheckpointEvent {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(latency, "latency");
  }
}
