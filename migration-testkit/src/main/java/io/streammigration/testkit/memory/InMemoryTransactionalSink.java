package io.streammigration.testkit.memory;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.RewindableSink;
import io.streammigration.core.spi.SinkContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link io.streammigration.core.spi.TransactionalSink} (and {@link RewindableSink}) over an
 * {@link InMemoryDestination}: what an exactly-once sink must do, with nothing in the way.
 *
 * <ol>
 *   <li>{@link #recover()} returns the destination's committed checkpoint, drops this instance's
 *       pending writes and fences every earlier instance (their later commits fail).
 *   <li>{@link #write} appends to a pending list held by this instance: never visible, never
 *       durable.
 *   <li>{@link #commit} appends the pending list to the committed records and stores the
 *       checkpoint, both under the destination's lock, so a reader sees all of it or none.
 *       Committing the checkpoint that is already the last committed one (equal, same id) with
 *       nothing pending changes nothing. A smaller id, or a repeated id with new writes or other
 *       content, fails with a fatal {@link io.streammigration.core.error.MigrationException} and
 *       changes nothing.
 *   <li>{@link #flush()} does nothing: only a commit makes writes visible, as with a Kafka
 *       transaction or a file sink's manifest.
 *   <li>{@link #close()} drops the pending writes; they were never committed.
 * </ol>
 *
 * <p>Called by one writer thread, as the SPI promises.
 */
public final class InMemoryTransactionalSink implements RewindableSink {

  private final InMemoryDestination destination;
  private final List<Record> pending = new ArrayList<>();
  private boolean opened;
  private volatile boolean closed;
  private long epoch = -1;

  /** A sink over {@code destination}; see {@link InMemoryDestination#newTransactionalSink()}. */
  public InMemoryTransactionalSink(InMemoryDestination destination) {
    this.destination = Objects.requireNonNull(destination, "destination");
  }

  @Override
  public void open(SinkContext context) {
    Objects.requireNonNull(context, "context");
    if (opened) {
      throw new IllegalStateException("open called twice: a sink is opened once");
    }
    opened = true;
  }

  @Override
  public Optional<Checkpoint> recover() {
    requireOpen("recover");
    epoch = destination.fence();
    pending.clear();
    return destination.committedCheckpoint();
  }

  /** The destination's commits, newest first. */
  @Override
  public List<Checkpoint> committedHistory(int max) {
    requireOpen("committedHistory");
    List<Checkpoint> newestFirst = new ArrayList<>(destination.commitHistory());
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst.subList(0, Math.min(max, newestFirst.size())));
  }

  /** Rolls the destination back; call before {@link #recover()}. */
  @Override
  public Checkpoint rollbackTo(long checkpointId) {
    requireOpen("rollbackTo");
    if (epoch >= 0) {
      throw new IllegalStateException("rollbackTo after recover: a sink rolls back before it recovers");
    }
    return destination.rollbackTo(checkpointId);
  }

  @Override
  public void write(List<Record> records) {
    requireOpen("write");
    pending.addAll(records);
    destination.recordWritten(records.size());
  }

  @Override
  public void flush() {
    requireOpen("flush");
  }

  @Override
  public void commit(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    requireOpen("commit");
    if (epoch < 0) {
      throw new IllegalStateException(
          "commit before recover: a transactional sink recovers once before it commits");
    }
    destination.commit(epoch, pending, checkpoint);
    pending.clear();
  }

  @Override
  public void close() {
    closed = true;
    pending.clear();
  }

  /** Records written since the last commit (or recover). */
  public int pendingCount() {
    return pending.size();
  }

  public boolean isClosed() {
    return closed;
  }

  private void requireOpen(String method) {
    if (!opened) {
      throw new IllegalStateException(method + " before open");
    }
    if (closed) {
      throw new IllegalStateException(method + " after close");
    }
  }

  @Override
  public String toString() {
    return "InMemoryTransactionalSink{pending=" + pending.size() + ", " + destination + "}";
  }
}
