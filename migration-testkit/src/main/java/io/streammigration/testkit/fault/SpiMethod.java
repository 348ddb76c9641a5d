package io.streammigration.testkit.fault;

import java.util.EnumSet;
import java.util.Set;

/**
 * The SPI calls a fault or a crash can be attached to. {@link #OPEN} and {@link #CLOSE} exist on
 * both sources and sinks; a {@link ProtocolStep} says which {@link Endpoint} it is on.
 * ({@code Source.positionsAreDense()} is a property, not a protocol step, and is never
 * intercepted.)
 */
public enum SpiMethod {
  /** {@code Source.open} or {@code Sink.open}. */
  OPEN,
  /** {@code Source.poll}. */
  POLL,
  /** {@code Source.isEndOfInput}. */
  IS_END_OF_INPUT,
  /** {@code Source.onCheckpointCommitted}. */
  ON_CHECKPOINT_COMMITTED,
  /** {@code Sink.write}. */
  WRITE,
  /** {@code Sink.flush}. */
  FLUSH,
  /** {@code TransactionalSink.recover}. */
  RECOVER,
  /** {@code TransactionalSink.commit}. */
  COMMIT,
  /** {@code Source.close} or {@code Sink.close}. */
  CLOSE;

  private static final Set<SpiMethod> SOURCE =
      EnumSet.of(OPEN, POLL, IS_END_OF_INPUT, ON_CHECKPOINT_COMMITTED, CLOSE);
  private static final Set<SpiMethod> SINK = EnumSet.of(OPEN, WRITE, FLUSH, RECOVER, COMMIT, CLOSE);

  /** True if {@code endpoint} has this method. */
  public boolean existsOn(Endpoint endpoint) {
    return (endpoint == Endpoint.SOURCE ? SOURCE : SINK).contains(this);
  }
}
