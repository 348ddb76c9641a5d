package io.streammigration.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SinksTest {

  /** Records which calls reached it. */
  private static class RecordingSink implements TransactionalSink {
    final List<String> calls = new ArrayList<>();

    @Override
    public void open(SinkContext context) {
      calls.add("open");
    }

    @Override
    public void write(List<Record> records) {
      calls.add("write");
    }

    @Override
    public void flush() {
      calls.add("flush");
    }

    @Override
    public Optional<Checkpoint> recover() {
      calls.add("recover");
      return Optional.empty();
    }

    @Override
    public void commit(Checkpoint checkpoint) {
      calls.add("commit " + checkpoint.id());
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  private static final SinkInterceptor PASS_THROUGH = new SinkInterceptor() {};

  @Test
  void interceptingATransactionalSinkHeldAsPlainSinkKeepsTheCapability() {
    Sink plainReference = new RecordingSink();
    Sink wrapped = Sinks.intercept(plainReference, PASS_THROUGH);
    assertThat(wrapped).isInstanceOf(TransactionalSink.class);
  }

  @Test
  void wrappingTwiceStillKeepsTheCapabilityAndForwardsEveryCall() {
    RecordingSink inner = new RecordingSink();
    TransactionalSink wrapped =
        Sinks.intercept(Sinks.intercept(inner, PASS_THROUGH), PASS_THROUGH);
    wrapped.open(null);
    wrapped.recover();
    wrapped.write(List.of());
    wrapped.commit(Checkpoint.builder(7).build());
    wrapped.flush();
    wrapped.close();
    assertThat(inner.calls).containsExactly("open", "recover", "write", "commit 7", "flush", "close");
  }

  @Test
  void interceptingAPlainSinkDoesNotInventTheCapability() {
    Sink plain =
        new Sink() {
          @Override
          public void open(SinkContext context) {}

          @Override
          public void write(List<Record> records) {}

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    assertThat(Sinks.intercept(plain, PASS_THROUGH)).isNotInstanceOf(TransactionalSink.class);
  }

  @Test
  void anInterceptorSeesTheCallBeforeTheSink() {
    RecordingSink inner = new RecordingSink();
    List<String> seen = new ArrayList<>();
    TransactionalSink wrapped =
        Sinks.intercept(
            inner,
            new SinkInterceptor() {
              @Override
              public void commit(Checkpoint checkpoint, TransactionalSink next) {
                seen.add("before " + inner.calls.size());
                next.commit(checkpoint);
              }
            });
    wrapped.commit(Checkpoint.builder(1).build());
    assertThat(seen).containsExactly("before 0");
    assertThat(inner.calls).containsExactly("commit 1");
  }
}
