package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Decorates sources with {@link SourceInterceptor}s. */
public final class Sources {

  private Sources() {}

  /**
   * Wraps {@code source} so that every call goes through {@code interceptor}. The wrapper reports
   * the wrapped source's {@link Source#positionsAreDense()} unchanged.
   */
  public static Source intercept(Source source, SourceInterceptor interceptor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(interceptor, "interceptor");
    return new Source() {
      @Override
      public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
        interceptor.open(context, resumeFrom, source);
      }

      @Override
      public List<Record> poll(int maxRecords, Duration timeout) {
        return interceptor.poll(maxRecords, timeout, source);
      }

      @Override
      public boolean isEndOfInput() {
        return interceptor.isEndOfInput(source);
      }

      @Override
      public boolean positionsAreDense() {
        return source.positionsAreDense();
      }

      @Override
      public Map<PartitionId, Position> endPositions() {
        return interceptor.endPositions(source);
      }

      @Override
      public void onCheckpointCommitted(Checkpoint checkpoint) {
        interceptor.onCheckpointCommitted(checkpoint, source);
      }

      @Override
      public void close() {
        interceptor.close(source);
      }

      @Override
      public String toString() {
        return interceptor.getClass().getSimpleName() + "(" + source + ")";
      }
    };
  }
}
