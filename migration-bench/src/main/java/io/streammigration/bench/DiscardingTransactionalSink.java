package io.streammigration.bench;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.spi.TransactionalSink;
import java.util.Optional;

/**
 * The minimal {@link TransactionalSink}: reads every record like {@link DiscardingSink} and keeps
 * the last committed checkpoint in a field, so an EXACTLY_ONCE run pays the engine's commit path
 * (building the checkpoint, snapshotting the guard) but no I/O.
 */
public final class DiscardingTransactionalSink extends DiscardingSink implements TransactionalSink {

  private Checkpoint committed;
  private long commits;

  @Override
  public Optional<Checkpoint> recover() {
    return Optional.empty(); // each benchmark run starts fresh
  }

  @Override
  public void commit(Checkpoint checkpoint) {
    committed = checkpoint;
    commits++;
  }

  /** Commits so far; lets a benchmark check that its checkpoint trigger actually fired. */
  public long commits() {
    return commits;
  }

  /** The last committed checkpoint, if any. */
  public Optional<Checkpoint> committed() {
    return Optional.ofNullable(committed);
  }
}
