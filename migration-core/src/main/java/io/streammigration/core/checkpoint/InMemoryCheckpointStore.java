package io.streammigration.core.checkpoint;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.spi.CheckpointStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CheckpointStore} in the heap: for tests, and for migrations whose progress need not
 * survive the process. Nothing is durable; every other part of the {@link CheckpointStore}
 * contract holds.
 *
 * <ul>
 *   <li>Keeps the last {@code keep} checkpoints (default 10); older ones are dropped on {@link
 *       #save}.
 *   <li>{@link #save} rejects an id not greater than the latest kept id with a {@link
 *       MigrationException} naming both ids.
 *   <li>{@link #rollbackTo} drops every newer checkpoint, so ids above the target may be saved
 *       again.
 *   <li>Never holds a corrupt checkpoint, so {@link #latest()} never reports corruption.
 * </ul>
 *
 * <p><b>Threads.</b> Safe for use by several threads; each method is atomic. Methods other than
 * {@link #close()} throw {@link IllegalStateException} once the store is closed.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

  private final int keep;
  /** Newest first. Guarded by {@code this}. */
  private final Deque<Checkpoint> kept = new ArrayDeque<>();

  private boolean closed;

  private InMemoryCheckpointStore(int keep) {
    this.keep = keep;
  }

  /** A store keeping the last 10 checkpoints. */
  public static InMemoryCheckpointStore create() {
    return new InMemoryCheckpointStore(Retention.DEFAULT_KEEP);
  }

  /**
   * A store keeping the last {@code keep} checkpoints.
   *
   * @throws io.streammigration.core.error.MigrationConfigException if {@code keep} is outside
   *     1..10000
   */
  public static InMemoryCheckpointStore keeping(int keep) {
    return new InMemoryCheckpointStore(Retention.checkKeep(keep));
  }

  /** How many checkpoints this store keeps. */
  public int keep() {
    return keep;
  }

  @Override
  public synchronized Optional<Checkpoint> latest() {
    checkOpen();
    return Optional.ofNullable(kept.peekFirst());
  }

  @Override
  public synchronized void save(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    checkOpen();
    Checkpoint latest = kept.peekFirst();
    if (latest != null && checkpoint.id() <= latest.id()) {
      throw new MigrationException(
          "checkpoint id "
              + checkpoint.id()
              + " is not greater than the latest saved id "
              + latest.id()
              + "; checkpoint ids must strictly increase");
    }
    kept.addFirst(checkpoint);
    while (kept.size() > keep) {
      kept.removeLast();
    }
  }

  @Override
  public synchronized List<Checkpoint> history(int max) {
    Retention.checkMax(max);
    checkOpen();
    List<Checkpoint> newestFirst = new ArrayList<>(Math.min(max, kept.size()));
    Iterator<Checkpoint> it = kept.iterator();
    while (it.hasNext() && newestFirst.size() < max) {
      newestFirst.add(it.next());
    }
    return List.copyOf(newestFirst);
  }

  @Override
  public synchronized Checkpoint rollbackTo(long id) {
    checkOpen();
    if (kept.stream().noneMatch(c -> c.id() == id)) {
      throw new MigrationException(
          "cannot roll back to checkpoint " + id + ": not among the kept ids " + keptIds());
    }
    while (kept.peekFirst().id() != id) {
      kept.removeFirst();
    }
    return kept.peekFirst();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private List<Long> keptIds() {
    return kept.stream().map(Checkpoint::id).toList();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("checkpoint store is closed");
    }
  }
}
