package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.CheckpointStore;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Sinks;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.SourceInterceptor;
import io.streammigration.core.spi.Sources;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's behaviour on runs that do not crash: both protocols, stop, failure, threads. */
@Timeout(60)
class MigrationEngineTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  private static GeneratedStream stream(int partitions, int recordsEach) {
    return StreamSpec.builder().partitions(partitions, recordsEach).keys(partitions * 5).build().generate();
  }

  private static Migration.Builder exactlyOnce(Source source, InMemoryDestination destination) {
    return Migration.builder()
        .id("test")
        .source(source)
        .sink(destination.newTransactionalSink())
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .pollTimeout(Duration.ofMillis(20));
  }

  @Test
  void exactlyOnceRunCopiesEveryPartitionInOrderAndCommitsAFinalCheckpoint() {
    GeneratedStream stream = stream(4, 1_000);
    InMemoryDestination destination = new InMemoryDestination();
    MigrationResult result =
        exactlyOnce(InMemorySource.bounded(stream), destination)
            .checkpointTrigger(CheckpointTrigger.everyRecords(300))
            .batchSize(64)
            .build()
            .run();

    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(result.records()).isEqualTo(4_000);
    assertThat(result.endOfInput()).isTrue();
    Checkpoint last = destination.committedCheckpoint().orElseThrow();
    assertThat(result.lastCheckpoint()).contains(last);
    assertThat(last.records()).isEqualTo(4_000);
    for (PartitionId p : stream.partitions()) {
      List<Record> records = stream.records(p);
      assertThat(last.position(p)).contains(records.get(records.size() - 1).position());
    }
    assertThat(destination.commitHistory())
        .extracting(Checkpoint::id)
        .isSorted()
        .doesNotHaveDuplicates()
        .hasSize((int) result.checkpoints());
  }

  @Test
  void aSecondRunResumesAfterTheCommittedCheckpointAndAddsNothing() {
    GeneratedStream stream = stream(2, 500);
    InMemoryDestination destination = new InMemoryDestination();
    exactlyOnce(InMemorySource.bounded(stream), destination).build().run();
    InMemorySource again = InMemorySource.bounded(stream);

    MigrationResult second = exactlyOnce(again, destination).build().run();

    assertThat(second.records()).isZero();
    assertThat(second.checkpoints()).isZero();
    assertThat(again.resumedFrom()).isEqualTo(destination.committedCheckpoint());
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
  }

  @Test
  void atLeastOnceFlushesThenSavesThenAcknowledgesTheSource() {
    GeneratedStream stream = stream(3, 400);
    InMemoryDestination destination = new InMemoryDestination();
    List<String> order = new CopyOnWriteArrayList<>();
    Sink sink =
        Sinks.intercept(
            destination.newSink(),
            new SinkInterceptor() {
              @Override
              public void flush(Sink next) {
                next.flush();
                order.add("flush");
              }
            });
    RecordingStore store = new RecordingStore(order);
    InMemorySource source = InMemorySource.bounded(stream);

    MigrationResult result =
        Migration.builder()
            .source(source)
            .sink(sink)
            .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .checkpointStore(store)
            .checkpointTrigger(CheckpointTrigger.everyRecords(100))
            .build()
            .run();

    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(order).hasSize(2 * (int) result.checkpoints());
    for (int i = 0; i < order.size(); i += 2) {
      assertThat(order.subList(i, i + 2)).containsExactly("flush", "save");
    }
    assertThat(store.latest()).isEqualTo(result.lastCheckpoint());
    assertThat(source.acknowledged()).last().isEqualTo(result.lastCheckpoint().orElseThrow());
    assertThat(source.acknowledged()).extracting(Checkpoint::id).isSorted();
  }

  @Test
  void atLeastOnceOverATransactionalSinkCommitsThroughTheSinkRatherThanFlushing() {
    GeneratedStream stream = stream(2, 300);
    InMemoryDestination destination = new InMemoryDestination();

    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(destination.newTransactionalSink())
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .build()
        .run();

    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    assertThat(destination.committedCheckpoint()).isPresent();
  }

  @Test
  void aReleasedPartitionsQueuedRecordsAreLeftToItsNewOwnerAndTheOthersAreAllWritten()
      throws Exception {
    PartitionId small = GeneratedStream.partition(0);
    GeneratedStream stream =
        StreamSpec.builder().recordsPerPartition(20, 500).keys(4).build().generate();
    InMemoryDestination destination = new InMemoryDestination();
    AtomicReference<Thread> readerThread = new AtomicReference<>();
    AtomicReference<Optional<Checkpoint>> atRelease = new AtomicReference<>();
    java.util.concurrent.CountDownLatch releasing = new java.util.concurrent.CountDownLatch(1);
    Source source =
        Sources.intercept(
            InMemorySource.bounded(stream),
            new SourceInterceptor() {
              private SourceContext context;
              private int polls;

              @Override
              public void open(SourceContext context, Optional<Checkpoint> resumeFrom, Source next) {
                this.context = context;
                next.open(context, resumeFrom);
              }

              @Override
              public List<Record> poll(int maxRecords, Duration timeout, Source next) {
                readerThread.set(Thread.currentThread());
                if (++polls == 6) { // every record of the small partition returned by now
                  releasing.countDown();
                  atRelease.set(context.commitAndRelease(java.util.Set.of(small)));
                }
                return next.poll(maxRecords, timeout);
              }
            });
    // The writer holds the first batch until the release request is queued behind the next four,
    // so records of the small partition are waiting in the hand-off when it comes.
    TransactionalSink sink =
        Sinks.intercept(
            destination.newTransactionalSink(),
            new SinkInterceptor() {
              private boolean first = true;

              @Override
              public void write(List<Record> records, Sink next) {
                if (first) {
                  first = false;
                  awaitReleaseQueued(releasing, readerThread.get());
                }
                next.write(records);
              }
            });

    MigrationResult result =
        Migration.builder()
            .source(source)
            .sink(sink)
            .batchSize(10)
            .handoffCapacity(64)
            .checkpointTrigger(CheckpointTrigger.everyRecords(1_000_000))
            .build()
            .run();

    Checkpoint released = atRelease.get().orElseThrow();
    List<Record> smallWritten = destination.committedRecords(small);
    List<Record> smallAll = stream.records(small);
    assertThat(smallWritten).as("records of small dropped from the hand-off").hasSizeLessThan(20);
    assertThat(smallWritten).isEqualTo(smallAll.subList(0, smallWritten.size()));
    assertThat(released.position(small))
        .as("the new owner resumes right after the last record written")
        .contains(smallWritten.get(smallWritten.size() - 1).position());
    assertThat(released.records()).isEqualTo(50 - (20 - smallWritten.size()));
    assertThat(result.lastCheckpoint().orElseThrow().positions()).doesNotContainKey(small);
    Map<PartitionId, List<Record>> others = new java.util.HashMap<>(stream.byPartition());
    others.remove(small);
    Map<PartitionId, List<Record>> othersWritten = new java.util.HashMap<>(destination.committedRecords());
    othersWritten.remove(small);
    assertThat(othersWritten).as("every record of the partitions kept").isEqualTo(others);
  }

  /** Waits until {@code reader} waits for the checkpoint it asked for after {@code releasing}. */
  private static void awaitReleaseQueued(java.util.concurrent.CountDownLatch releasing, Thread reader) {
    try {
      assertThat(releasing.await(10, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      // Inside commitAndRelease the reader waits on the request with a timeout; nowhere else here.
      while (reader.getState() != Thread.State.TIMED_WAITING) {
        assertThat(System.nanoTime()).as("reader queued the request").isLessThan(deadline);
        Thread.sleep(1);
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFailingSinkFailsTheRunWithoutCommittingAnythingMoreAndTheNextRunCompletesIt() {
    GeneratedStream stream = stream(2, 1_000);
    InMemoryDestination destination = new InMemoryDestination();
    AtomicInteger writes = new AtomicInteger();
    TransactionalSink failing =
        Sinks.intercept(
            destination.newTransactionalSink(),
            new SinkInterceptor() {
              @Override
              public void write(List<Record> records, Sink next) {
                if (writes.incrementAndGet() == 20) {
                  throw new MigrationException("disk full");
                }
                next.write(records);
              }
            });
    Migration first =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(failing)
            .batchSize(20)
            .checkpointTrigger(CheckpointTrigger.everyRecords(100))
            .build();

    assertThatThrownBy(first::run).isInstanceOf(MigrationException.class).hasMessage("disk full");
    Checkpoint committedBefore = destination.committedCheckpoint().orElseThrow();
    assertThat(destination.committedCount()).isEqualTo(committedBefore.records());

    exactlyOnce(InMemorySource.bounded(stream), destination).build().run();
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
  }

  @Test
  void aFailingSourceFailsTheRunWithItsErrorAndClosesBothAdapters() {
    AtomicInteger polls = new AtomicInteger();
    InMemorySource inner = InMemorySource.bounded(stream(1, 1_000));
    Source failing =
        Sources.intercept(
            inner,
            new SourceInterceptor() {
              @Override
              public List<Record> poll(int maxRecords, Duration timeout, Source next) {
                if (polls.incrementAndGet() == 3) {
                  throw new MigrationException("broker gone");
                }
                return next.poll(maxRecords, timeout);
              }
            });
    InMemoryDestination destination = new InMemoryDestination();
    var sink = destination.newTransactionalSink();
    Migration migration =
        Migration.builder().source(failing).sink(sink).batchSize(10).build();

    assertThatThrownBy(migration::run).hasMessage("broker gone");
    assertThat(inner.isClosed()).isTrue();
    assertThat(sink.isClosed()).isTrue();
    assertThat(destination.committedCount()).isZero();
  }

  @Test
  void closeStopsALiveMigrationGracefullyWithEverythingReadCommitted() throws Exception {
    InMemoryLog log = InMemoryLog.openWith(Map.of());
    GeneratedStream stream = stream(3, 2_000);
    InMemoryDestination destination = new InMemoryDestination();
    Migration migration =
        exactlyOnce(new InMemorySource(log), destination)
            .checkpointTrigger(CheckpointTrigger.every(Duration.ofHours(1)))
            .build();
    CompletableFuture<MigrationResult> running = migration.start(executor);
    for (Record r : stream.all()) {
      log.append(r);
    }
    awaitWritten(destination, stream.size());

    migration.close();
    MigrationResult result = running.get(10, TimeUnit.SECONDS);

    assertThat(result.endOfInput()).isFalse();
    assertThat(result.checkpoints()).isEqualTo(1); // the final one: the trigger never fired
    assertThat(destination.committedRecords()).isEqualTo(stream.byPartition());
    migration.close(); // idempotent
  }

  @Test
  void timeTriggersFireOnAnIdleStream() throws Exception {
    InMemoryLog log = InMemoryLog.openWith(Map.of());
    InMemoryDestination destination = new InMemoryDestination();
    try (Migration migration =
        exactlyOnce(new InMemorySource(log), destination)
            .checkpointTrigger(CheckpointTrigger.every(Duration.ofMillis(20)))
            .build()) {
      migration.start(executor);
      log.append(stream(1, 10).all());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (destination.committedCount() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(destination.committedCount()).isEqualTo(10);
    }
  }

  @Test
  void theReaderRunsOnTheGivenExecutorAndTheWriterOnTheCallingThread() {
    AtomicReference<String> readerThread = new AtomicReference<>();
    AtomicReference<String> writerThread = new AtomicReference<>();
    InMemoryDestination destination = new InMemoryDestination();
    Source source =
        Sources.intercept(
            InMemorySource.bounded(stream(1, 10)),
            new SourceInterceptor() {
              @Override
              public List<Record> poll(int maxRecords, Duration timeout, Source next) {
                readerThread.set(Thread.currentThread().getName());
                return next.poll(maxRecords, timeout);
              }
            });
    Sink sink =
        Sinks.intercept(
            destination.newTransactionalSink(),
            new SinkInterceptor() {
              @Override
              public void write(List<Record> records, Sink next) {
                writerThread.set(Thread.currentThread().getName());
                next.write(records);
              }
            });
    Executor named = task -> new Thread(task, "callers-reader").start();

    Migration.builder().source(source).sink(sink).readerExecutor(named).build().run();

    assertThat(readerThread.get()).isEqualTo("callers-reader");
    assertThat(writerThread.get()).isEqualTo(Thread.currentThread().getName());
  }

  private interface Executor extends java.util.concurrent.Executor {}

  @Test
  void inFlightRecordsStayWithinTheHandoffBoundWhenTheSinkIsSlow() {
    int batchSize = 10;
    int capacity = 2;
    InFlight inFlight = new InFlight(List::size);

    Migration.builder()
        .source(inFlight.reading(InMemorySource.bounded(stream(2, 500))))
        .sink(inFlight.slowlyWriting(new InMemoryDestination().newTransactionalSink(), 1))
        .batchSize(batchSize)
        .handoffCapacity(capacity)
        .build()
        .run();

    assertThat(inFlight.written.get()).isEqualTo(1_000);
    // queued batches + the one the writer holds + the one the reader holds
    assertThat(inFlight.max.get()).isLessThanOrEqualTo((long) (capacity + 2) * batchSize);
  }

  @Test
  void inFlightBytesStayWithinTheHandoffByteBoundWhenRecordsAreLarge() {
    int batchSize = 10;
    int valueSize = 10 * 1024; // a batch is 100 KiB
    long handoffBytes = 250 * 1024;
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(
          new Record(
              null, new byte[valueSize], Headers.EMPTY, 0, PartitionId.of("p0"), Position.of(i)));
    }
    InFlight inFlight = new InFlight(batch -> (long) batch.size() * valueSize);

    Migration.builder()
        .source(inFlight.reading(InMemorySource.bounded(Map.of(PartitionId.of("p0"), records))))
        .sink(inFlight.slowlyWriting(new InMemoryDestination().newTransactionalSink(), 2))
        .batchSize(batchSize)
        .handoffCapacity(1_024) // so only the byte bound can hold the reader back
        .handoffBytes(handoffBytes)
        .build()
        .run();

    assertThat(inFlight.written.get()).isEqualTo(300L * valueSize);
    // the bound, one batch let in over it, the one the writer holds and the one the reader holds
    long batchBytes = (long) batchSize * valueSize;
    assertThat(inFlight.max.get()).isLessThanOrEqualTo(handoffBytes + 3 * batchBytes);
    assertThat(inFlight.max.get())
        .as("without the byte bound, 1,024 batches would fit: the reader would run far ahead")
        .isLessThan(10 * batchBytes);
  }

  /**
   * What has been read but not yet written, at its peak, in a unit of the test's choosing
   * (records, bytes): wraps the source, and a sink made slow so that the hand-off fills.
   */
  private static final class InFlight {
    final AtomicLong polled = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    final AtomicLong max = new AtomicLong();
    private final ToLongFunction<List<Record>> weight;

    InFlight(ToLongFunction<List<Record>> weight) {
      this.weight = weight;
    }

    Source reading(Source source) {
      return Sources.intercept(
          source,
          new SourceInterceptor() {
            @Override
            public List<Record> poll(int maxRecords, Duration timeout, Source next) {
              List<Record> batch = next.poll(maxRecords, timeout);
              max.accumulateAndGet(
                  polled.addAndGet(weight.applyAsLong(batch)) - written.get(), Math::max);
              return batch;
            }
          });
    }

    Sink slowlyWriting(Sink sink, long millisPerBatch) {
      return Sinks.intercept(
          sink,
          new SinkInterceptor() {
            @Override
            public void write(List<Record> records, Sink next) {
              try {
                Thread.sleep(millisPerBatch);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              next.write(records);
              written.addAndGet(weight.applyAsLong(records));
            }
          });
    }
  }

  @Test
  void theListenerSeesStartEveryCheckpointAndTheEnd() {
    List<String> events = new ArrayList<>();
    List<CheckpointEvent> checkpoints = new ArrayList<>();
    MigrationListener listener =
        new MigrationListener() {
          @Override
          public void onStarted(String migrationId, Optional<Checkpoint> resumedFrom) {
            events.add("started " + migrationId + " " + resumedFrom.isPresent());
          }

          @Override
          public void onCheckpointCommitted(CheckpointEvent event) {
            checkpoints.add(event);
          }

          @Override
          public void onFinished(MigrationResult result) {
            events.add("finished " + result.records());
          }
        };
    GeneratedStream stream = stream(2, 250);

    MigrationResult result =
        exactlyOnce(InMemorySource.bounded(stream), new InMemoryDestination())
            .checkpointTrigger(CheckpointTrigger.everyRecords(100))
            .listener(listener)
            .build()
            .run();

    assertThat(events).containsExactly("started test false", "finished 500");
    assertThat(checkpoints).hasSize((int) result.checkpoints());
    assertThat(checkpoints.stream().mapToLong(CheckpointEvent::records).sum()).isEqualTo(500);
    assertThat(checkpoints).allSatisfy(e -> assertThat(e.latency().count()).isEqualTo(e.records()));
    assertThat(checkpoints)
        .as("the histogram is the same measurement as the percentiles")
        .allSatisfy(
            e -> {
              assertThat(e.latencyHistogram().getTotalCount()).isEqualTo(e.records());
              assertThat(e.latencyHistogram().getMaxValue()).isEqualTo(e.latency().max());
            });
  }

  @Test
  void aMigrationRunsOnlyOnce() {
    Migration migration =
        exactlyOnce(InMemorySource.bounded(stream(1, 1)), new InMemoryDestination()).build();
    migration.run();
    assertThatThrownBy(migration::run).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aClosedMigrationCannotRun() {
    Migration migration =
        exactlyOnce(InMemorySource.bounded(stream(1, 1)), new InMemoryDestination()).build();
    migration.close();
    assertThatThrownBy(migration::run).isInstanceOf(IllegalStateException.class);
  }

  /** An in-memory store that notes each save in a shared call log. */
  private static final class RecordingStore implements CheckpointStore {
    private final InMemoryCheckpointStore delegate = InMemoryCheckpointStore.create();
    private final List<String> calls;

    RecordingStore(List<String> calls) {
      this.calls = calls;
    }

    @Override
    public Optional<Checkpoint> latest() {
      return delegate.latest();
    }

    @Override
    public void save(Checkpoint checkpoint) {
      delegate.save(checkpoint);
      calls.add("save");
    }

    @Override
    public List<Checkpoint> history(int max) {
      return delegate.history(max);
    }

    @Override
    public Checkpoint rollbackTo(long id) {
      return delegate.rollbackTo(id);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static void awaitWritten(InMemoryDestination destination, long count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (destination.writtenCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + destination.writtenCount() + " of " + count + " written");
      }
      Thread.sleep(5);
    }
  }
}
