package io.streammigration.testkit.fault;

import java.util.Optional;

/**
 * Thrown by a {@link CrashSwitch} wrapper to simulate the death of the process at a protocol step.
 *
 * <p>An {@link Error}, not a {@link RuntimeException}, so that the engine's ordinary handling of
 * {@link io.streammigration.core.error.MigrationException} (retry, dead letters, error reporting)
 * cannot swallow it and carry on as if the process had survived. Code that catches {@code
 * Throwable} must rethrow it.
 */
public final class SimulatedCrash extends Error {

  private final transient ProtocolStep step;

  SimulatedCrash(ProtocolStep step, String message) {
    super(message);
    this.step = step;
  }

  /** The step at which the process died; empty if the test pulled the switch itself. */
  public Optional<ProtocolStep> step() {
    return Optional.ofNullable(step);
  }
}
