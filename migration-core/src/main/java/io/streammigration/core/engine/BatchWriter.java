package io.streammigration.core.engine;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.core.spi.Transform;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer's per-batch work, the engine's hot path: bookkeeping, guard, transforms, sink, and
 * the records a transform or the sink rejects. No allocation per record: the output list and the
 * transform chain are built once; with no transforms and no drops the batch itself goes to the
 * sink.
 *
 * <p>Writer thread only.
 */
final class BatchWriter {

  private final List<Record> out = new ArrayList<>();
  private final TransformChain transforms;
  private final OrderingGuard guard;
  private final Progress progress;
  private final LatencyRecorder latency;
  private final DeadLetterRoute deadLetters;
  private final Retrier retrier;
  private final MigrationListener listener;
  private long dropped;

  /**
   * @param deadLetters where rejected records go; null if the migration has no dead-letter policy
   */
  BatchWriter(
      List<Transform> transforms,
      OrderingGuard guard,
      Progress progress,
      LatencyRecorder latency,
      DeadLetterRoute deadLetters,
      Retrier retrier,
      MigrationListener listener) {
    this.transforms = new TransformChain(transforms, out);
    this.guard = guard;
    this.progress = progress;
    this.latency = latency;
    this.deadLetters = deadLetters;
    this.retrier = retrier;
    this.listener = listener;
  }

  /** Records the guard dropped so far in this run. */
  long dropped() {
    return dropped;
  }

  /**
   * Passes one batch from the source to the sink: each record is counted and its position noted
   * (the next checkpoint covers it whatever happens to it), the guard admits or drops it, the
   * transforms run; then the outputs are written in one call.
   *
   * @param bytes the batch's record bytes, summed by the reader for the hand-off's byte bound
   */
  void write(List<Record> batch, long bytes, Sink sink) {
    out.clear();
    int size = batch.size();
    int dropped = 0;
    // Without transforms each admitted record goes out unchanged, so while the guard drops
    // nothing the sink is given the batch itself: copying it into `out` cost a reference store
    // and a GC write barrier per record. Copying starts at the first drop, if any.
    boolean passThrough = transforms.isEmpty();
    boolean wholeBatch = passThrough;
    for (int i = 0; i < size; i++) {
      Record record = batch.get(i);
      progress.advance(record);
      if (guard.admit(record)) {
        latency.sample(record.timestamp());
        if (wholeBatch) {
          continue;
        }
        if (passThrough) {
          out.add(record);
          continue;
        }
        int mark = out.size();
        try {
          transforms.apply(record);
        } catch (RecordRejectedException rejection) {
          discardFrom(mark); // a flat-map may have emitted part of its output before rejecting
          deadLetter(record, rejection, i);
        }
      } else {
        dropped++;
        if (wholeBatch) {
          wholeBatch = false;
          for (int j = 0; j < i; j++) {
            out.add(batch.get(j));
          }
        }
      }
    }
    List<Record> written = wholeBatch ? batch : out;
    int writtenCount = written.size();
    writeOut(sink, written, size);
    if (deadLetters != null) {
      deadLetters.writePending(retrier);
    }
    progress.addPending(size, bytes);
    this.dropped += dropped;
    // A pass over the output only when it differs from the batch (drops, transforms).
    listener.onBatchWritten(
        size, bytes, writtenCount, wholeBatch ? bytes : Handoff.bytesOf(written));
    out.clear();
  }

  /**
   * Writes {@code records}. A record the sink rejects for good is dead-lettered and the records
   * after it are written on; by the {@link Sink#write} contract, those before it were written.
   */
  private void writeOut(Sink sink, List<Record> records, int batchSize) {
    int from = 0;
    while (from < records.size()) {
      List<Record> rest = from == 0 ? records : records.subList(from, records.size());
      try {
        if (sink instanceof TransactionalSink) {
          sink.write(rest); // not retried: see Retrier
        } else {
          try {
            sink.write(rest);
          } catch (RuntimeException e) {
            retrier.retryAfter("sink.write", e, () -> sink.write(rest));
          }
        }
        return;
      } catch (RecordRejectedException rejection) {
        int at = indexOf(rest, rejection.record());
        if (at < 0) {
          throw new MigrationException(
              "sink " + sink + " rejected a record that was not in the batch it was given", rejection);
        }
        deadLetter(rest.get(at), rejection, batchSize - 1);
        from += at + 1;
      }
    }
  }

  private static int indexOf(List<Record> records, Record wanted) {
    for (int i = 0, n = records.size(); i < n; i++) {
      if (records.get(i) == wanted) {
        return i;
      }
    }
    return -1;
  }

  private void discardFrom(int mark) {
    for (int last = out.size() - 1; last >= mark; last--) {
      out.remove(last);
    }
  }

  private void deadLetter(Record record, RecordRejectedException rejection, int indexInBatch) {
    if (deadLetters == null) {
      throw rejection;
    }
    long total = progress.addDeadLetter();
    deadLetters.reject(record, rejection, total, progress.recordsSeen(indexInBatch + 1));
    listener.onDeadLetter(record, rejection);
  }
}
