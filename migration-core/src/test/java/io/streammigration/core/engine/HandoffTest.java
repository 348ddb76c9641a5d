package io.streammigration.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Record;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The hand-off's contract, which the engine's ordering and memory bound rest on: items come out
 * in the order they went in, at most {@code capacity} wait at once, a full hand-off holds the
 * reader back, and abandoning it releases a blocked reader.
 */
class HandoffTest {

  private static List<Record> batch() {
    return List.of();
  }

  @Test
  void aFullHandoffHoldsTheReaderBackUntilTheWriterTakesItems() throws Exception {
    Handoff handoff = new Handoff(4);
    for (int i = 0; i < 4; i++) {
      assertThat(handoff.offer(batch())).isTrue();
    }
    CompletableFuture<Boolean> fifth =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return handoff.offer(batch());
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(50);
    assertThat(fifth).as("offer into a full hand-off").isNotDone();

    for (int i = 0; i < 3; i++) {
      assertThat(handoff.poll(0)).isNotNull();
    }
    assertThat(fifth.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void itemsComeOutInOrderWithNeverMoreThanCapacityWaiting() throws Exception {
    int capacity = 8;
    int items = 200_000;
    Handoff handoff = new Handoff(capacity);
    AtomicBoolean failed = new AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < items; i++) {
                  handoff.offerFailure(new Sequence(i));
                }
                handoff.offerEnd();
              } catch (InterruptedException e) {
                failed.set(true);
              }
            });
    reader.start();
    int expected = 0;
    while (true) {
      Object item = handoff.poll(TimeUnit.SECONDS.toNanos(5));
      assertThat(item).as("item %d arrived", expected).isNotNull();
      if (item == Handoff.END) {
        break;
      }
      Sequence sequence = (Sequence) ((Handoff.Failure) item).error();
      assertThat(sequence.n).isEqualTo(expected++);
    }
    reader.join();
    assertThat(expected).isEqualTo(items);
    assertThat(failed).isFalse();
  }

  @Test
  void abandoningReleasesAReaderBlockedOnAFullHandoff() throws Exception {
    Handoff handoff = new Handoff(1);
    assertThat(handoff.offer(batch())).isTrue();
    CompletableFuture<Boolean> blocked =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return handoff.offer(batch());
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(20);
    handoff.abandon();
    assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(handoff.offer(batch())).isFalse();
    assertThat(handoff.poll(0)).isNull();
  }

  @Test
  void pollReturnsNullWhenNothingArrivesInTime() throws Exception {
    assertThat(new Handoff(2).poll(TimeUnit.MILLISECONDS.toNanos(1))).isNull();
  }

  /** A numbered item: carried as a Failure's error only because the hand-off takes objects. */
  private static final class Sequence extends RuntimeException {
    final int n;

    Sequence(int n) {
      super(null, null, false, false);
      this.n = n;
    }
  }
}
