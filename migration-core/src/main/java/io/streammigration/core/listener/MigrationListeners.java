package io.streammigration.core.listener;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.ordering.OrderingViolation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Combines listeners, because a migration takes one: metrics, logging and a health check can each
 * be their own listener.
 *
 * <p>The composite calls every listener, in the given order, on the caller's thread. A listener
 * that throws does not stop the others from seeing the event: the first error is rethrown once
 * all have been called, with later ones attached as suppressed (a listener error fails the
 * migration, as for a single listener).
 */
public final class MigrationListeners {

  private MigrationListeners() {}

  /**
   * One listener calling each of {@code listeners} in order; {@link MigrationListener#NONE} for
   * none, the listener itself for one.
   */
  public static MigrationListener compose(MigrationListener... listeners) {
    Objects.requireNonNull(listeners, "listeners");
    List<MigrationListener> all = List.of(listeners); // rejects null elements
    if (all.isEmpty()) {
      return MigrationListener.NONE;
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    return new Composite(all.toArray(new MigrationListener[0]));
  }

  private static final class Composite implements MigrationListener {
    private final MigrationListener[] listeners;

    Composite(MigrationListener[] listeners) {
      this.listeners = listeners;
    }

    private void each(Consumer<MigrationListener> call) {
      RuntimeException first = null;
      for (MigrationListener listener : listeners) {
        try {
          call.accept(listener);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }

    @Override
    public void onStarted(String migrationId, Optional<Checkpoint> resumedFrom) {
      each(l -> l.onStarted(migrationId, resumedFrom));
    }

    // A loop of its own rather than each(lambda): it runs once per batch, and the capturing
    // lambda would allocate every time.
    @Override
    public void onBatchWritten(int recordsIn, long bytesIn, int recordsOut, long bytesOut) {
      RuntimeException first = null;
      for (MigrationListener listener : listeners) {
        try {
          listener.onBatchWritten(recordsIn, bytesIn, recordsOut, bytesOut);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }

    @Override
    public void onCheckpointCommitted(CheckpointEvent event) {
      each(l -> l.onCheckpointCommitted(event));
    }

    @Override
    public void onRetry(String operation, int attempt, Throwable cause, Duration backoff) {
      each(l -> l.onRetry(operation, attempt, cause, backoff));
    }

    @Override
    public void onOrderingViolation(OrderingViolation violation) {
      each(l -> l.onOrderingViolation(violation));
    }

    @Override
    public void onFinished(MigrationResult result) {
      each(l -> l.onFinished(result));
    }

    @Override
    public void onFailed(Throwable error) {
      each(l -> l.onFailed(error));
    }

    @Override
    public String toString() {
      return "MigrationListeners.compose" + List.of(listeners);
    }
  }
}
