package io.streammigration.testkit.fault;

import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Sinks;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.Sources;
import io.streammigration.core.spi.TransactionalSink;
import java.util.List;
import java.util.Objects;

/**
 * Wraps sources and sinks so that chosen calls fail, to test how the engine's retry and error
 * handling cope.
 *
 * <p>Each wrapper counts the calls of each SPI method from 1 and throws the first matching {@link
 * Fault}'s exception at the step it names: before delegating (the adapter never sees the call) or
 * after the adapter returned (the call took effect but the caller learns of a failure). Calls no
 * fault names go straight through. The wrappers are built with {@link Sinks#intercept} and {@link
 * Sources#intercept}, so a wrapped {@link TransactionalSink} is still a {@link TransactionalSink}.
 *
 * <p>A wrapper is called by one engine thread, like the adapter it wraps; its call counts are its
 * own (wrap again to start counting afresh).
 */
public final class FaultInjection {

  private FaultInjection() {}

  /**
   * {@code sink}, failing as {@code faults} say; transactional if {@code sink} is.
   *
   * @throws IllegalArgumentException if a fault names a method sinks do not have
   */
  public static Sink sink(Sink sink, Fault... faults) {
    return Sinks.intercept(sink, new Injector(Endpoint.SINK, faults));
  }

  /** {@code sink}, failing as {@code faults} say, still transactional. */
  public static TransactionalSink sink(TransactionalSink sink, Fault... faults) {
    return Sinks.intercept(sink, new Injector(Endpoint.SINK, faults));
  }

  /**
   * {@code source}, failing as {@code faults} say.
   *
   * @throws IllegalArgumentException if a fault names a method sources do not have
   */
  public static Source source(Source source, Fault... faults) {
    return Sources.intercept(source, new Injector(Endpoint.SOURCE, faults));
  }

  private static final class Injector extends StepInterceptor {
    private final List<Fault> faults;

    Injector(Endpoint endpoint, Fault[] faults) {
      this.faults = List.of(Objects.requireNonNull(faults, "faults"));
      for (Fault fault : this.faults) {
        if (!fault.method().existsOn(endpoint)) {
          throw new IllegalArgumentException(
              fault + " names " + fault.method() + ", which is not a " + endpoint + " method");
        }
      }
    }

    @Override
    boolean before(ProtocolStep step) {
      strike(step);
      return true;
    }

    @Override
    void after(ProtocolStep step) {
      strike(step);
    }

    private void strike(ProtocolStep step) {
      for (Fault fault : faults) {
        if (fault.strikesAt(step)) {
          throw fault.exceptionFor(step);
        }
      }
    }

    @Override
    public String toString() {
      return "FaultInjection" + faults;
    }
  }
}
