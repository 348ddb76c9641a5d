package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wraps the calls to a source, as {@link SinkInterceptor} does for sinks: metrics, throttling and
 * fault injection. The defaults forward to {@code next}. Apply one with {@link
 * Sources#intercept(Source, SourceInterceptor)}.
 *
 * <p><b>Threads.</b> Called on the engine's reader thread, like the source itself.
 */
public interface SourceInterceptor {

  default void open(SourceContext context, Optional<Checkpoint> resumeFrom, Source next) {
    next.open(context, resumeFrom);
  }

  default List<Record> poll(int maxRecords, Duration timeout, Source next) {
    return next.poll(maxRecords, timeout);
  }

  default boolean isEndOfInput(Source next) {
    return next.isEndOfInput();
  }

  default Map<PartitionId, Position> endPositions(Source next) {
    return next.endPositions();
  }

  default void onCheckpointCommitted(Checkpoint checkpoint, Source next) {
    next.onCheckpointCommitted(checkpoint);
  }

  default void close(Source next) {
    next.close();
  }
}
