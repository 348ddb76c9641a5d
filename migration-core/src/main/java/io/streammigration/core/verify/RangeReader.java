package io.streammigration.core.verify;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Drives one source through a {@link ReadRange} on the caller's thread: open, poll until it ends,
 * reaches the range's end or stays idle, close. Records past the range's end are dropped here.
 */
final class RangeReader implements AutoCloseable {

  private final Source source;
  private final ReadRange range;
  private final int batchSize;
  private final Duration pollTimeout;
  private final long idleNanos;
  /** While true, an idle side is waited for rather than stopped. */
  private final BooleanSupplier following;
  private final Set<PartitionId> endNotReached = new HashSet<>();
  private long idleSince = -1;
  private ReadStop stop;
  private boolean opened;

  RangeReader(
      Source source,
      ReadRange range,
      int batchSize,
      Duration pollTimeout,
      Duration idle,
      BooleanSupplier following) {
    this.source = source;
    this.following = following;
    this.range = range;
    this.batchSize = batchSize;
    this.pollTimeout = pollTimeout;
    this.idleNanos = idle.toNanos();
  }

  void open(String id) {
    opened = true;
    source.open(new VerificationSourceContext(id), range.from());
    range
        .upTo()
        .ifPresent(
            end -> {
              for (Map.Entry<PartitionId, Position> e : end.positions().entrySet()) {
                Optional<Position> start = range.from().flatMap(cp -> cp.position(e.getKey()));
                // A partition whose start is already at its end holds nothing to read.
                if (start.isEmpty() || e.getValue().isAfter(start.get())) {
                  endNotReached.add(e.getKey());
                }
              }
              if (endNotReached.isEmpty()) {
                stop = ReadStop.RANGE_END;
              }
            });
  }

  boolean isDone() {
    return stop != null;
  }

  /** Why reading stopped; null while it goes on. */
  ReadStop stop() {
    return stop;
  }

  /** The next records in the range; empty when none arrived. Marks the reader done when due. */
  List<Record> poll() {
    List<Record> polled = source.poll(batchSize, pollTimeout);
    List<Record> kept = polled;
    if (range.isBounded()) {
      // Only the end is enforced here. Records at or before the start are kept: a source that
      // delivers them breaks the resume contract, and verification must show that, not hide it.
      Checkpoint end = range.upTo().get();
      kept = new ArrayList<>(polled.size());
      for (Record r : polled) {
        Optional<Position> last = end.position(r.partition());
        if (last.isEmpty()) {
          continue;
        }
        if (!r.position().isAfter(last.get())) {
          kept.add(r);
        }
        if (!last.get().isAfter(r.position())) {
          endNotReached.remove(r.partition());
        }
      }
    }
    // The range's end first: END_OF_INPUT with a bounded range then means the source ended short.
    if (range.isBounded() && endNotReached.isEmpty()) {
      stop = ReadStop.RANGE_END;
    } else if (source.isEndOfInput()) {
      stop = ReadStop.END_OF_INPUT;
    } else if (polled.isEmpty()) {
      long now = System.nanoTime();
      if (idleSince < 0 || following.getAsBoolean()) {
        idleSince = now;
      } else if (now - idleSince >= idleNanos) {
        stop = ReadStop.IDLE;
      }
    } else {
      idleSince = -1;
    }
    return kept;
  }

  @Override
  public void close() {
    if (opened) {
      source.close();
    }
  }
}
