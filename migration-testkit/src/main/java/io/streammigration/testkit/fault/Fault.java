package io.streammigration.testkit.fault;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import java.util.Objects;
import java.util.function.Function;

/**
 * One injected failure: which call of which SPI method fails, before or after the adapter saw it,
 * how many times, and with what exception. Immutable; each {@code with}-style method returns a
 * new fault.
 *
 * <pre>{@code
 * Fault.before(SpiMethod.WRITE, 3)                 // the 3rd write fails, retriably, unseen
 * Fault.after(SpiMethod.COMMIT, 1).fatal()         // the 1st commit succeeds, then a fatal error
 * Fault.before(SpiMethod.FLUSH, 2).times(3)        // flushes 2, 3 and 4 fail
 * Fault.before(SpiMethod.POLL, 1).always()         // every poll fails
 * }</pre>
 *
 * <p>By default the exception is a {@link RetriableMigrationException} whose message names the
 * step, so a retry policy is expected to absorb it; {@link #fatal()} throws a plain {@link
 * MigrationException} instead. Apply faults with {@link FaultInjection}.
 */
public final class Fault {

  private final SpiMethod method;
  private final int firstCall;
  private final long times;
  private final Timing timing;
  private final Function<ProtocolStep, ? extends RuntimeException> exception;

  private Fault(
      SpiMethod method,
      int firstCall,
      long times,
      Timing timing,
      Function<ProtocolStep, ? extends RuntimeException> exception) {
    this.method = Objects.requireNonNull(method, "method");
    if (firstCall < 1) {
      throw new IllegalArgumentException("call numbers start at 1, was " + firstCall);
    }
    this.firstCall = firstCall;
    this.times = times;
    this.timing = timing;
    this.exception = exception;
  }

  /** The {@code call}-th call (from 1) of {@code method} fails before reaching the adapter. */
  public static Fault before(SpiMethod method, int call) {
    return new Fault(method, call, 1, Timing.BEFORE, Fault::retriable);
  }

  /** The {@code call}-th call (from 1) of {@code method} reaches the adapter, then fails. */
  public static Fault after(SpiMethod method, int call) {
    return new Fault(method, call, 1, Timing.AFTER, Fault::retriable);
  }

  /** Fails with a fatal {@link MigrationException} (not retriable) instead. */
  public Fault fatal() {
    return throwing(step -> new MigrationException("injected fatal fault " + step));
  }

  /** Fails with the exception {@code exception} makes for the step where it strikes. */
  public Fault throwing(Function<ProtocolStep, ? extends RuntimeException> exception) {
    return new Fault(method, firstCall, times, timing, Objects.requireNonNull(exception, "exception"));
  }

  /** Strikes on {@code count} consecutive calls, starting at the configured one. Default 1. */
  public Fault times(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
    return new Fault(method, firstCall, count, timing, exception);
  }

  /** Strikes on every call from the configured one on. */
  public Fault always() {
    return new Fault(method, firstCall, Long.MAX_VALUE, timing, exception);
  }

  public SpiMethod method() {
    return method;
  }

  public Timing timing() {
    return timing;
  }

  /** True if this fault strikes at {@code step} (whatever the endpoint). */
  public boolean strikesAt(ProtocolStep step) {
    return step.method() == method
        && step.timing() == timing
        && step.call() >= firstCall
        && step.call() - firstCall < times;
  }

  RuntimeException exceptionFor(ProtocolStep step) {
    return Objects.requireNonNull(exception.apply(step), "the fault's exception factory returned null");
  }

  private static RuntimeException retriable(ProtocolStep step) {
    return new RetriableMigrationException("injected retriable fault " + step);
  }

  @Override
  public String toString() {
    return "Fault{"
        + timing
        + " "
        + method
        + " #"
        + firstCall
        + (times == 1 ? "" : times == Long.MAX_VALUE ? " and every later call" : " x" + times)
        + "}";
  }
}
