package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import java.util.List;
import java.util.Optional;

/**
 * Wraps the calls to a sink: throttling, metrics, retries and fault injection are interceptors.
 * Each method receives the call's arguments and the next sink in the chain; the defaults simply
 * forward. An interceptor that does not call {@code next} swallows the call, so it must have a
 * reason to (a simulated crash, say).
 *
 * <p>Apply one with {@link Sinks#intercept(Sink, SinkInterceptor)}, which keeps the {@link
 * TransactionalSink} and {@link RewindableSink} capabilities of the sink it wraps: a wrapper that silently turns an
 * exactly-once sink into an at-least-once one is the classic bug this design rules out.
 *
 * <p><b>Threads.</b> Called on the engine's writer thread, like the sink itself.
 */
public interface SinkInterceptor {

  default void open(SinkContext context, Sink next) {
    next.open(context);
  }

  default void write(List<Record> records, Sink next) {
    next.write(records);
  }

  default void flush(Sink next) {
    next.flush();
  }

  default Optional<Checkpoint> recover(TransactionalSink next) {
    return next.recover();
  }

  default void commit(Checkpoint checkpoint, TransactionalSink next) {
    next.commit(checkpoint);
  }

  default List<Checkpoint> committedHistory(int max, RewindableSink next) {
    return next.committedHistory(max);
  }

  default Checkpoint rollbackTo(long checkpointId, RewindableSink next) {
    return next.rollbackTo(checkpointId);
  }

  default void close(Sink next) {
    next.close();
  }
}
