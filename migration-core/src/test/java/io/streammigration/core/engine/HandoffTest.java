package io.streammigration.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The hand-off's contract, which the engine's ordering and memory bound rest on: items come out
 * in the order they went in, at most {@code capacity} wait at once, record bytes stop the reader
 * at {@code capacityBytes} (one batch may go over), a full hand-off holds the reader back, and
 * abandoning it releases a blocked reader.
 */
class HandoffTest {

  /** No byte bound: the tests of the batch bound. */
  private static final long UNBOUNDED = Long.MAX_VALUE;

  private static List<Record> batch() {
    return List.of();
  }

  @Test
  void aFullHandoffHoldsTheReaderBackUntilTheWriterTakesItems() throws Exception {
    Handoff handoff = new Handoff(4, UNBOUNDED);
    for (int i = 0; i < 4; i++) {
      assertThat(handoff.offer(batch(), 0, false)).isTrue();
    }
    CompletableFuture<Boolean> fifth = offerAsync(handoff, 0);
    Thread.sleep(50);
    assertThat(fifth).as("offer into a full hand-off").isNotDone();

    for (int i = 0; i < 3; i++) {
      assertThat(handoff.poll(0)).isNotNull();
    }
    assertThat(fifth.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void recordBytesHoldTheReaderBackBeforeTheBatchCountDoes() throws Exception {
    Handoff handoff = new Handoff(100, 1_000);
    assertThat(handoff.offer(batch(), 600, false)).isTrue();
    assertThat(handoff.offer(batch(), 600, false)).as("under the bound, so let in").isTrue();
    CompletableFuture<Boolean> third = offerAsync(handoff, 1);
    Thread.sleep(50);
    assertThat(third).as("offer at 1,200 of 1,000 bytes").isNotDone();

    assertThat(handoff.poll(0)).isNotNull(); // 600 bytes left: under the bound again
    assertThat(third.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aBatchLargerThanTheByteBoundStillGetsThroughAnEmptyHandoff() throws Exception {
    Handoff handoff = new Handoff(100, 1_000);
    assertThat(handoff.offer(batch(), 5_000, false)).isTrue();
    CompletableFuture<Boolean> next = offerAsync(handoff, 5_000);
    Thread.sleep(50);
    assertThat(next).isNotDone();
    assertThat(handoff.poll(0)).isNotNull();
    assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void controlItemsCountAgainstTheBatchBoundOnly() throws Exception {
    Handoff handoff = new Handoff(3, 1_000);
    assertThat(handoff.offer(batch(), 999, false)).isTrue();
    assertThat(handoff.offerDrainTargets(java.util.Map.of())).isTrue();
    CompletableFuture<Boolean> end = async(handoff::offerEnd);
    assertThat(end.get(5, TimeUnit.SECONDS)).as("999 bytes and 2 of 3 items: room").isTrue();
  }

  @Test
  void aFullBatchReachesAWriterThatLooksAgainSoonWithinItsOwnWait() throws Exception {
    Handoff handoff = new Handoff(64, UNBOUNDED);
    // A writer with records pending looks again every millisecond by itself, so a full batch may
    // leave it asleep (sparing an unpark per batch) but never longer than that millisecond.
    CompletableFuture<Object> taken =
        async(
            () -> {
              while (true) {
                Object item = handoff.poll(Handoff.MAX_WAKE_DELAY_NANOS);
                if (item != null) {
                  return item;
                }
              }
            });
    Thread.sleep(20);
    long offered = System.nanoTime();
    assertThat(handoff.offer(batch(), 0, true)).isTrue();
    assertThat(taken.get(5, TimeUnit.SECONDS)).isInstanceOf(List.class);
    assertThat(System.nanoTime() - offered).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void aFullBatchWakesAWriterWaitingLongerAtOnce() throws Exception {
    Handoff handoff = new Handoff(64, UNBOUNDED);
    CompletableFuture<Object> taken = pollAsync(handoff); // waits 30 s: an idle writer
    Thread.sleep(20);
    assertThat(handoff.offer(batch(), 0, true)).isTrue();
    assertThat(taken.get(5, TimeUnit.SECONDS)).isInstanceOf(List.class);
  }

  @Test
  void aBatchThatIsNotFullWakesAWaitingWriterAtOnce() throws Exception {
    Handoff handoff = new Handoff(64, UNBOUNDED);
    CompletableFuture<Object> taken = pollAsync(handoff);
    Thread.sleep(20);
    assertThat(handoff.offer(batch(), 0, false)).isTrue();
    assertThat(taken.get(5, TimeUnit.SECONDS)).isInstanceOf(List.class);
  }

  /** Polls with a long timeout, so only a wake-up returns it within the test's wait. */
  private static CompletableFuture<Object> pollAsync(Handoff handoff) {
    return async(() -> handoff.poll(TimeUnit.SECONDS.toNanos(30)));
  }

  /** Offers an empty batch of {@code bytes} record bytes on another thread. */
  private static CompletableFuture<Boolean> offerAsync(Handoff handoff, long bytes) {
    return async(() -> handoff.offer(batch(), bytes, false));
  }

  /** A hand-off call that may block, made on another thread. */
  private static <T> CompletableFuture<T> async(Blocking<T> call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return call.call();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private interface Blocking<T> {
    T call() throws InterruptedException;
  }

  @Test
  void itemsComeOutInOrderWithNeverMoreThanCapacityWaiting() throws Exception {
    int capacity = 8;
    int items = 200_000;
    Handoff handoff = new Handoff(capacity, UNBOUNDED);
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
    Handoff handoff = new Handoff(1, UNBOUNDED);
    assertThat(handoff.offer(batch(), 0, false)).isTrue();
    CompletableFuture<Boolean> blocked = offerAsync(handoff, 0);
    Thread.sleep(20);
    handoff.abandon();
    assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(handoff.offer(batch(), 0, false)).isFalse();
    assertThat(handoff.poll(0)).isNull();
  }

  @Test
  void aCheckpointRequestDropsTheQueuedRecordsOfTheReleasedPartitionsOnly() throws Exception {
    PartitionId a = PartitionId.of("a");
    PartitionId b = PartitionId.of("b");
    Record a0 = record(a, 0, 10);
    Record b0 = record(b, 0, 20);
    Record a1 = record(a, 1, 30);
    Handoff handoff = new Handoff(8, UNBOUNDED);
    handoff.offer(List.of(a0, b0, a1), 60, true);
    handoff.offer(List.of(record(a, 2, 40), record(a, 3, 50)), 90, true);
    handoff.offerDrainTargets(java.util.Map.of());
    Record b1 = record(b, 1, 70);
    handoff.offer(List.of(b1), 70, false);

    CompletableFuture<Optional<Checkpoint>> done = requestQueued(handoff, Set.of(a));

    assertThat(handoff.poll(FIVE_SECONDS)).as("a batch with a record of b left").isEqualTo(List.of(b0));
    assertThat(handoff.polledBytes()).isEqualTo(20);
    assertThat(handoff.poll(FIVE_SECONDS)).isInstanceOf(Handoff.DrainTargets.class);
    assertThat(handoff.poll(FIVE_SECONDS)).as("untouched: no record of a").isEqualTo(List.of(b1));
    assertThat(handoff.polledBytes()).isEqualTo(70);
    Object request = handoff.poll(FIVE_SECONDS);
    assertThat(request).as("the batch of a alone is gone").isInstanceOf(Handoff.CheckpointRequest.class);
    assertThat(done).isNotDone();
    ((Handoff.CheckpointRequest) request).done().complete(Optional.empty());
    assertThat(done.get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void droppedRecordsFreeTheirRoomInTheHandoff() throws Exception {
    PartitionId a = PartitionId.of("a");
    Handoff handoff = new Handoff(2, 100);
    handoff.offer(List.of(record(a, 0, 60)), 60, true);
    handoff.offer(List.of(record(a, 1, 60)), 60, true);

    // Full by both bounds; the request gets in without the writer taking anything.
    CompletableFuture<Optional<Checkpoint>> done = requestQueued(handoff, Set.of(a));
    Object request = handoff.poll(FIVE_SECONDS);
    assertThat(request).isInstanceOf(Handoff.CheckpointRequest.class);
    ((Handoff.CheckpointRequest) request).done().complete(Optional.empty());
    done.get(5, TimeUnit.SECONDS);
    assertThat(handoff.offer(List.of(record(a, 2, 90)), 90, true)).isTrue();
    assertThat(handoff.offerEnd()).as("90 of 100 bytes, 1 of 2 items: room").isTrue();
  }

  @Test
  void aCheckpointRequestReleasingNothingDropsNothing() throws Exception {
    Record a0 = record(PartitionId.of("a"), 0, 10);
    Handoff handoff = new Handoff(8, UNBOUNDED);
    handoff.offer(List.of(a0), 10, true);
    requestQueued(handoff, Set.of());
    assertThat(handoff.poll(FIVE_SECONDS)).isEqualTo(List.of(a0));
    assertThat(handoff.poll(FIVE_SECONDS)).isInstanceOf(Handoff.CheckpointRequest.class);
  }

  /** Asks for a checkpoint on another thread; returns once the request is queued. */
  private static CompletableFuture<Optional<Checkpoint>> requestQueued(
      Handoff handoff, Set<PartitionId> released) throws InterruptedException {
    CompletableFuture<Optional<Checkpoint>> done = new CompletableFuture<>();
    Thread reader = new Thread(() -> done.complete(handoff.requestCheckpoint(released)));
    reader.setDaemon(true);
    reader.start();
    // Once queued, the request is awaited with a timeout; before, the thread waits for nothing so.
    long deadline = System.nanoTime() + FIVE_SECONDS;
    while (reader.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("request queued in time").isLessThan(deadline);
      Thread.sleep(1);
    }
    return done;
  }

  private static Record record(PartitionId partition, long offset, int valueBytes) {
    return new Record(null, new byte[valueBytes], Headers.EMPTY, 0, partition, Position.of(offset));
  }

  private static final long FIVE_SECONDS = TimeUnit.SECONDS.toNanos(5);

  @Test
  void pollReturnsNullWhenNothingArrivesInTime() throws Exception {
    assertThat(new Handoff(2, UNBOUNDED).poll(TimeUnit.MILLISECONDS.toNanos(1))).isNull();
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
