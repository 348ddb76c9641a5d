package io.streammigration.core.spi;

/**
 * Told about each call a sink completed, with its duration: how long the destination blocks the
 * writer on write, flush and commit. Attach one with {@link Sinks#observed(Sink,
 * SinkCallListener)}.
 *
 * <p>Called on the writer thread right after the call returns (normally or not); must be cheap
 * and must not block.
 */
@FunctionalInterface
public interface SinkCallListener {

  /**
   * @param method the sink method: {@code open}, {@code write}, {@code flush}, {@code recover},
   *     {@code commit} or {@code close}
   * @param records records in the call ({@code write} only; 0 otherwise)
   * @param nanos how long the call took
   * @param failure what the call threw, or null if it returned
   */
  void onCall(String method, int records, long nanos, Throwable failure);
}
