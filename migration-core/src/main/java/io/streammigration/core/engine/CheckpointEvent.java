package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * A checkpoint the engine committed (EXACTLY_ONCE: {@code sink.commit}; AT_LEAST_ONCE: {@code
 * sink.flush} plus {@code store.save}).
 *
 * @param checkpoint what was committed
 * @param duration how long the commit took (flush plus save, or the sink's commit)
 * @param records source records this checkpoint added to the previous one
 * @param bytes source bytes this checkpoint added
 * @param latency end-to-end latency of the records this checkpoint made durable, as percentiles
 * @param latencyHistogram the same measurement as an HdrHistogram (milliseconds, three significant
 *     digits, counts weighted so its total is about {@code latency.count()}), for listeners that
 *     aggregate across checkpoints (a sliding window, a metrics system's own histogram). New for
 *     each event, so a listener may keep it; it is shared by every listener the event goes to, so
 *     none may modify it (copy it with {@code copy()} or add it to your own with {@code add}).
 */
public record CheckpointEvent(
    Checkpoint checkpoint,
    Duration duration,
    long records,
    long bytes,
    LatencySnapshot latency,
    Histogram latencyHistogram) {

  public CheckpointEvent {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(latencyHistogram, "latencyHistogram");
  }

  /** An event without a latency histogram (an empty one): for tests and hand-made events. */
  public CheckpointEvent(
      Checkpoint checkpoint, Duration duration, long records, long bytes, LatencySnapshot latency) {
    this(checkpoint, duration, records, bytes, latency, new Histogram(3));
  }
}
