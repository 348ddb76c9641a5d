package io.streammigration.core.checkpoint;

import static io.streammigration.core.checkpoint.Checkpoints.withId;
import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryCheckpointStoreTest extends CheckpointStoreContractTest {

  @Override
  protected CheckpointStore newStore(int keep) {
    return InMemoryCheckpointStore.keeping(keep);
  }

  @Test
  void createKeepsTenByDefault() {
    InMemoryCheckpointStore store = InMemoryCheckpointStore.create();
    for (long id = 1; id <= 12; id++) {
      store.save(withId(id));
    }

    assertThat(store.keep()).isEqualTo(10);
    assertThat(store.history(100))
        .extracting(Checkpoint::id)
        .startsWith(12L)
        .endsWith(3L)
        .hasSize(10);
  }

  @Test
  void concurrentSaversNeverBreakTheIdOrder() throws InterruptedException {
    InMemoryCheckpointStore store = InMemoryCheckpointStore.keeping(10_000);
    AtomicLong nextId = new AtomicLong();
    ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> savers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread saver =
          new Thread(
              () -> {
                awaitQuietly(start);
                for (int i = 0; i < 2_000; i++) {
                  long id = nextId.incrementAndGet();
                  try {
                    store.save(withId(id));
                    accepted.add(id);
                  } catch (MigrationException rejected) {
                    // A higher id got in first: exactly what the contract demands.
                  }
                }
              });
      saver.start();
      savers.add(saver);
    }
    start.countDown();
    for (Thread saver : savers) {
      saver.join();
    }

    List<Long> newestFirst = store.history(10_000).stream().map(Checkpoint::id).toList();
    assertThat(newestFirst)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a))
        .doesNotHaveDuplicates();
    assertThat(newestFirst).containsExactlyInAnyOrderElementsOf(accepted);
    long highestAccepted = accepted.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(store.latest().orElseThrow().id()).isEqualTo(highestAccepted);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
