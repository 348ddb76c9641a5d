package io.streammigration.core.checkpoint;

import static io.streammigration.core.checkpoint.Checkpoints.withId;
import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sequences of saves (some with stale ids), rollbacks, history reads and restarts give the
 * same results from a {@link FileCheckpointStore} as from the {@link InMemoryCheckpointStore},
 * whatever the retention: pruning, setting files aside and reopening never change what a caller
 * sees.
 */
class FileCheckpointStoreModelTest {

  /** One call, made alike on both stores; {@code latest} is the model's latest id, 0 if none. */
  interface Op {
    Object applyTo(CheckpointStore store, long latest);
  }

  /** Saves the id {@code step} above the latest (zero or below: a stale id, to be rejected). */
  record Save(int step) implements Op {
    @Override
    public Object applyTo(CheckpointStore store, long latest) {
      long id = latest + step;
      if (id < 0) {
        return "negative id";
      }
      store.save(withId(id));
      return "saved " + id;
    }
  }

  /** Rolls back to the id {@code back} below the latest (possibly pruned or never saved). */
  record Rollback(int back) implements Op {
    @Override
    public Object applyTo(CheckpointStore store, long latest) {
      return store.rollbackTo(latest - back);
    }
  }

  record History(int max) implements Op {
    @Override
    public Object applyTo(CheckpointStore store, long latest) {
      return store.history(max);
    }
  }

  /** A restart: the file store is closed and opened again; the model carries on. */
  record Reopen() implements Op {
    @Override
    public Object applyTo(CheckpointStore store, long latest) {
      return "reopened";
    }
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Op> op =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-1, 3).map(Save::new),
            Arbitraries.integers().between(-1, 3).map(Save::new),
            Arbitraries.integers().between(0, 6).map(Rollback::new),
            Arbitraries.integers().between(0, 8).map(History::new),
            Arbitraries.just(new Reopen()));
    return op.list().ofMaxSize(30);
  }

  @Property(tries = 150)
  void fileStoreBehavesLikeTheInMemoryModel(
      @ForAll("operations") List<Op> ops, @ForAll @IntRange(min = 1, max = 4) int keep)
      throws IOException {
    Path dir = Files.createTempDirectory("checkpoint-model");
    try {
      InMemoryCheckpointStore model = InMemoryCheckpointStore.keeping(keep);
      FileCheckpointStore store = FileCheckpointStore.builder(dir).keep(keep).build();
      for (Op op : ops) {
        long latest = model.latest().map(Checkpoint::id).orElse(0L);
        if (op instanceof Reopen) {
          store.close();
          store = FileCheckpointStore.builder(dir).keep(keep).build();
        }
        assertThat(outcome(op, store, latest))
            .as("outcome of %s", op)
            .isEqualTo(outcome(op, model, latest));
        assertThat(store.latest()).as("latest after %s", op).isEqualTo(model.latest());
      }
      assertThat(store.history(keep + 1)).isEqualTo(model.history(keep + 1));
    } finally {
      deleteRecursively(dir);
    }
  }

  /** The value, or the kind of failure: messages differ between stores, failures must not. */
  private static Object outcome(Op op, CheckpointStore store, long latest) {
    try {
      return op.applyTo(store, latest);
    } catch (MigrationException e) {
      return MigrationException.class;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
