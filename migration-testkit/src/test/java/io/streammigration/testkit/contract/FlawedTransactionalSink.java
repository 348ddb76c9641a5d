package io.streammigration.testkit.contract;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.TransactionalSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small transactional sink that is correct with {@link Flaw#NONE} and has exactly one bug
 * otherwise: the suites must tell the two apart.
 */
final class FlawedTransactionalSink implements TransactionalSink {

  /** One bug each; NONE is a correct sink. */
  enum Flaw {
    NONE,
    VISIBLE_BEFORE_COMMIT,
    REPEATED_COMMIT_DUPLICATES,
    KEEPS_UNCOMMITTED_ON_RECOVER,
    ACCEPTS_OLDER_ID,
    FORGETS_CHECKPOINT,
    DROPS_HEADERS,
    REVERSES_BATCHES,
    LOSES_LAST_WRITE_AT_COMMIT
  }

  /** The destination: survives sink instances. */
  static final class Store {
    final List<Record> committed = new ArrayList<>();
    final List<Record> leftover = new ArrayList<>();
    List<Record> lastBatch = List.of();
    Optional<Checkpoint> checkpoint = Optional.empty();

    synchronized Map<PartitionId, List<Record>> read() {
      return RecordContent.grouped(committed);
    }
  }

  private final Store store;
  private final Flaw flaw;
  private final List<Record> pending = new ArrayList<>();

  FlawedTransactionalSink(Store store, Flaw flaw) {
    this.store = store;
    this.flaw = flaw;
  }

  @Override
  public void open(SinkContext context) {}

  @Override
  public Optional<Checkpoint> recover() {
    synchronized (store) {
      pending.clear();
      if (flaw == Flaw.KEEPS_UNCOMMITTED_ON_RECOVER) {
        pending.addAll(store.leftover);
      }
      store.leftover.clear();
      return flaw == Flaw.FORGETS_CHECKPOINT ? Optional.empty() : store.checkpoint;
    }
  }

  @Override
  public void write(List<Record> records) {
    List<Record> batch = new ArrayList<>(records);
    if (flaw == Flaw.DROPS_HEADERS) {
      batch.replaceAll(r -> r.withHeaders(Headers.EMPTY));
    }
    if (flaw == Flaw.REVERSES_BATCHES) {
      Collections.reverse(batch);
    }
    synchronized (store) {
      if (flaw == Flaw.VISIBLE_BEFORE_COMMIT) {
        store.committed.addAll(batch);
      } else {
        pending.addAll(batch);
        store.leftover.addAll(batch);
      }
    }
  }

  @Override
  public void flush() {}

  @Override
  public void commit(Checkpoint checkpoint) {
    synchronized (store) {
      Optional<Checkpoint> last = store.checkpoint;
      if (last.isPresent() && checkpoint.id() == last.get().id()) {
        if (flaw == Flaw.REPEATED_COMMIT_DUPLICATES) {
          store.committed.addAll(store.lastBatch);
        }
        return;
      }
      if (last.isPresent() && checkpoint.id() < last.get().id() && flaw != Flaw.ACCEPTS_OLDER_ID) {
        throw new MigrationException("older checkpoint id " + checkpoint.id());
      }
      if (flaw == Flaw.LOSES_LAST_WRITE_AT_COMMIT && !pending.isEmpty()) {
        pending.remove(pending.size() - 1);
      }
      store.committed.addAll(pending);
      store.lastBatch = List.copyOf(pending);
      store.leftover.clear();
      store.checkpoint = Optional.of(checkpoint);
      pending.clear();
    }
  }

  @Override
  public void close() {
    pending.clear();
  }
}
