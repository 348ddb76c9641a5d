package io.streammigration.core.verify;

/**
 * Receives each {@link Drift} as the verifier classifies it, in order per partition: the way to
 * watch a following verification ({@link Verifier#follow()}) as it runs. Called on the verifying
 * thread; must return quickly and must not throw (an exception ends the verification). A large
 * loss produces one call per missing record, so count or sample rather than log each.
 */
@FunctionalInterface
public interface DriftListener {

  /** Ignores every drift: the default. */
  DriftListener NONE = drift -> {};

  void onDrift(Drift drift);
}
