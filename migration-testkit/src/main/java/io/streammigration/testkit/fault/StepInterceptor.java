package io.streammigration.testkit.fault;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.SourceInterceptor;
import io.streammigration.core.spi.TransactionalSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * Turns every intercepted SPI call into a pair of {@link ProtocolStep}s around the delegate, so
 * fault injection and crash simulation share one definition of "the n-th call of a method".
 */
abstract class StepInterceptor implements SinkInterceptor, SourceInterceptor {

  private final AtomicIntegerArray calls =
      new AtomicIntegerArray(Endpoint.values().length * SpiMethod.values().length);

  /**
   * Runs before the delegate; may throw. Returns false to swallow the call without reaching the
   * adapter (only ever for void methods).
   */
  abstract boolean before(ProtocolStep step);

  /** Runs after the delegate returned normally; may throw. */
  abstract void after(ProtocolStep step);

  private <T> T around(Endpoint endpoint, SpiMethod method, Supplier<T> delegate) {
    int call = calls.incrementAndGet(endpoint.ordinal() * SpiMethod.values().length + method.ordinal());
    if (!before(new ProtocolStep(endpoint, method, call, Timing.BEFORE))) {
      return null;
    }
    T result = delegate.get();
    after(new ProtocolStep(endpoint, method, call, Timing.AFTER));
    return result;
  }

  private void aroundVoid(Endpoint endpoint, SpiMethod method, Runnable delegate) {
    around(
        endpoint,
        method,
        () -> {
          delegate.run();
          return null;
        });
  }

  @Override
  public void open(SinkContext context, Sink next) {
    aroundVoid(Endpoint.SINK, SpiMethod.OPEN, () -> next.open(context));
  }

  @Override
  public void write(List<Record> records, Sink next) {
    aroundVoid(Endpoint.SINK, SpiMethod.WRITE, () -> next.write(records));
  }

  @Override
  public void flush(Sink next) {
    aroundVoid(Endpoint.SINK, SpiMethod.FLUSH, next::flush);
  }

  @Override
  public Optional<Checkpoint> recover(TransactionalSink next) {
    return around(Endpoint.SINK, SpiMethod.RECOVER, next::recover);
  }

  @Override
  public void commit(Checkpoint checkpoint, TransactionalSink next) {
    aroundVoid(Endpoint.SINK, SpiMethod.COMMIT, () -> next.commit(checkpoint));
  }

  @Override
  public void close(Sink next) {
    aroundVoid(Endpoint.SINK, SpiMethod.CLOSE, next::close);
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom, Source next) {
    aroundVoid(Endpoint.SOURCE, SpiMethod.OPEN, () -> next.open(context, resumeFrom));
  }

  @Override
  public List<Record> poll(int maxRecords, Duration timeout, Source next) {
    return around(Endpoint.SOURCE, SpiMethod.POLL, () -> next.poll(maxRecords, timeout));
  }

  @Override
  public boolean isEndOfInput(Source next) {
    return around(Endpoint.SOURCE, SpiMethod.IS_END_OF_INPUT, next::isEndOfInput);
  }

  @Override
  public void onCheckpointCommitted(Checkpoint checkpoint, Source next) {
    aroundVoid(
        Endpoint.SOURCE, SpiMethod.ON_CHECKPOINT_COMMITTED, () -> next.onCheckpointCommitted(checkpoint));
  }

  @Override
  public void close(Source next) {
    aroundVoid(Endpoint.SOURCE, SpiMethod.CLOSE, next::close);
  }
}
