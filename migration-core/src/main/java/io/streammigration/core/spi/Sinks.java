package io.streammigration.core.spi;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decorates sinks with {@link SinkInterceptor}s, keeping their capabilities: wrapping a {@link
 * TransactionalSink} always yields a {@link TransactionalSink}, whatever the static type of the
 * reference passed in.
 */
public final class Sinks {

  private Sinks() {}

  /**
   * Wraps {@code sink} so that every call goes through {@code interceptor}. If {@code sink} is a
   * {@link TransactionalSink} at run time, so is the result.
   */
  public static Sink intercept(Sink sink, SinkInterceptor interceptor) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(interceptor, "interceptor");
    if (sink instanceof RewindableSink rewindable) {
      return new InterceptedRewindableSink(rewindable, interceptor);
    }
    if (sink instanceof TransactionalSink transactional) {
      return new InterceptedTransactionalSink(transactional, interceptor);
    }
    return new InterceptedSink(sink, interceptor);
  }

  /** Wraps a transactional sink; the result is transactional too (and rewindable if it was). */
  public static TransactionalSink intercept(TransactionalSink sink, SinkInterceptor interceptor) {
    return (TransactionalSink) intercept((Sink) sink, interceptor);
  }

  /** Wraps a rewindable sink; the result is rewindable too. */
  public static RewindableSink intercept(RewindableSink sink, SinkInterceptor interceptor) {
    return (RewindableSink) intercept((Sink) sink, interceptor);
  }

  /**
   * Wraps {@code sink} so that {@code listener} hears of every call and its duration. Keeps the
   * {@link TransactionalSink} capability.
   */
  public static Sink observed(Sink sink, SinkCallListener listener) {
    return intercept(sink, new Observer(listener));
  }

  /** Wraps a transactional sink with a {@link SinkCallListener}; the result is transactional. */
  public static TransactionalSink observed(TransactionalSink sink, SinkCallListener listener) {
    return intercept(sink, new Observer(listener));
  }

  /** Times each call and reports it, whether it returned or threw. */
  private static final class Observer implements SinkInterceptor {
    private final SinkCallListener listener;

    Observer(SinkCallListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    private <T> T timed(String method, int records, java.util.function.Supplier<T> call) {
      long start = System.nanoTime();
      try {
        T result = call.get();
        listener.onCall(method, records, System.nanoTime() - start, null);
        return result;
      } catch (RuntimeException | Error e) {
        listener.onCall(method, records, System.nanoTime() - start, e);
        throw e;
      }
    }

    @Override
    public void open(SinkContext context, Sink next) {
      timed("open", 0, () -> { next.open(context); return null; });
    }

    @Override
    public void write(List<Record> records, Sink next) {
      timed("write", records.size(), () -> { next.write(records); return null; });
    }

    @Override
    public void flush(Sink next) {
      timed("flush", 0, () -> { next.flush(); return null; });
    }

    @Override
    public Optional<Checkpoint> recover(TransactionalSink next) {
      return timed("recover", 0, next::recover);
    }

    @Override
    public void commit(Checkpoint checkpoint, TransactionalSink next) {
      timed("commit", 0, () -> { next.commit(checkpoint); return null; });
    }

    @Override
    public void close(Sink next) {
      timed("close", 0, () -> { next.close(); return null; });
    }
  }

  private static class InterceptedSink implements Sink {
    final Sink delegate;
    final SinkInterceptor interceptor;

    InterceptedSink(Sink delegate, SinkInterceptor interceptor) {
      this.delegate = delegate;
      this.interceptor = interceptor;
    }

    @Override
    public void open(SinkContext context) {
      interceptor.open(context, delegate);
    }

    @Override
    public void write(List<Record> records) {
      interceptor.write(records, delegate);
    }

    @Override
    public void flush() {
      interceptor.flush(delegate);
    }

    @Override
    public void close() {
      interceptor.close(delegate);
    }

    @Override
    public String toString() {
      return interceptor.getClass().getSimpleName() + "(" + delegate + ")";
    }
  }

  private static class InterceptedTransactionalSink extends InterceptedSink
      implements TransactionalSink {

    InterceptedTransactionalSink(TransactionalSink delegate, SinkInterceptor interceptor) {
      super(delegate, interceptor);
    }

    @Override
    public Optional<Checkpoint> recover() {
      return interceptor.recover((TransactionalSink) delegate);
    }

    @Override
    public void commit(Checkpoint checkpoint) {
      interceptor.commit(checkpoint, (TransactionalSink) delegate);
    }
  }

  private static final class InterceptedRewindableSink extends InterceptedTransactionalSink
      implements RewindableSink {

    InterceptedRewindableSink(RewindableSink delegate, SinkInterceptor interceptor) {
      super(delegate, interceptor);
    }

    @Override
    public List<Checkpoint> committedHistory(int max) {
      return interceptor.committedHistory(max, (RewindableSink) delegate);
    }

    @Override
    public Checkpoint rollbackTo(long checkpointId) {
      return interceptor.rollbackTo(checkpointId, (RewindableSink) delegate);
    }
  }
}
