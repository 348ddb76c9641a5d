package io.streammigration.testkit.fault;

import java.util.Objects;

/**
 * One point in a run of the SPI protocol: the {@code call}-th call (1-based, counted per endpoint
 * and method) of {@code method} on {@code endpoint}, before or after it reached the adapter.
 *
 * <p>Steps are named by per-method call counts rather than by a global sequence so that a step
 * means the same thing in every run of a deterministic scenario even when the reader and writer
 * threads interleave differently.
 *
 * @param endpoint the source or the sink
 * @param method the SPI method
 * @param call which call of that method, from 1
 * @param timing before the adapter saw the call, or after it returned
 */
public record ProtocolStep(Endpoint endpoint, SpiMethod method, int call, Timing timing) {

  public ProtocolStep {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(timing, "timing");
    if (!method.existsOn(endpoint)) {
      throw new IllegalArgumentException(method + " is not a " + endpoint + " method");
    }
    if (call < 1) {
      throw new IllegalArgumentException("call numbers start at 1, was " + call);
    }
  }

  /** The step before the {@code call}-th call of a sink's {@code method}. */
  public static ProtocolStep beforeSink(SpiMethod method, int call) {
    return new ProtocolStep(Endpoint.SINK, method, call, Timing.BEFORE);
  }

  /** The step after the {@code call}-th call of a sink's {@code method} returned. */
  public static ProtocolStep afterSink(SpiMethod method, int call) {
    return new ProtocolStep(Endpoint.SINK, method, call, Timing.AFTER);
  }

  /** The step before the {@code call}-th call of a source's {@code method}. */
  public static ProtocolStep beforeSource(SpiMethod method, int call) {
    return new ProtocolStep(Endpoint.SOURCE, method, call, Timing.BEFORE);
  }

  /** The step after the {@code call}-th call of a source's {@code method} returned. */
  public static ProtocolStep afterSource(SpiMethod method, int call) {
    return new ProtocolStep(Endpoint.SOURCE, method, call, Timing.AFTER);
  }

  @Override
  public String toString() {
    return timing.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + endpoint.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + method
        + " #"
        + call;
  }
}
