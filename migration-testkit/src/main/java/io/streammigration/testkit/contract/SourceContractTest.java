package io.streammigration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Source} keeps, as a JUnit 5 suite. Extend it, say how to create an
 * endpoint, write a fixture to it and open a bounded source over it, and every test here runs
 * against your source.
 *
 * <p>Each test writes {@link #fixture()} (3 partitions of 40 generated records by default, with
 * tombstones) to a fresh endpoint, then reads it through sources. Records are compared by
 * partition, position and content (key, value, headers); timestamps are not compared.
 *
 * @param <E> the adapter's handle on an endpoint (a topic name, a directory)
 */
public abstract class SourceContractTest<E> {

  /** The endpoint of the running test; JUnit creates a new suite instance for every test. */
  private E endpoint;

  /** A fresh, empty endpoint for one test. */
  protected abstract E createEndpoint();

  /**
   * Writes each partition of {@code content}, in order, to its own partition of {@code endpoint},
   * and returns what a source must deliver: the same content per partition, in order, with the
   * partition ids and positions the source will report. Once this returns, a bounded source over
   * the endpoint ends after these records.
   */
  protected abstract SortedMap<PartitionId, List<Record>> write(E endpoint, GeneratedStream content);

  /** A new, unopened, bounded source over {@code endpoint}. Called several times per test. */
  protected abstract Source createBoundedSource(E endpoint);

  /** What each test writes. Override to change sizes; keep at least 2 partitions of 4 records. */
  protected StreamSpec fixture() {
    return StreamSpec.builder()
        .partitions(3, 40)
        .keys(12)
        .tombstoneRatio(0.1)
        .valueSize(0, 32)
        .seed(7)
        .build();
  }

  protected SourceContext sourceContext() {
    return new StandaloneSourceContext("source-contract-test");
  }

  /** The timeout passed to each poll. Default 200 ms. */
  protected Duration pollTimeout() {
    return Duration.ofMillis(200);
  }

  /** How long a test waits for a source to deliver everything. Default 30 s. */
  protected Duration readTimeout() {
    return Duration.ofSeconds(30);
  }

  /**
   * Proves that a fresh start (no checkpoint) delivers every record of every partition, in order,
   * with its content intact. Passes if the source's output equals what {@link #write} promised.
   */
  @Test
  public void openWithoutCheckpointDeliversEveryRecordFromTheBeginning() {
    SortedMap<PartitionId, List<Record>> expected = writeFixture();
    assertSameRecords(readAll(Optional.empty(), 10), expected);
  }

  /**
   * Proves the resume contract: after {@code open(ctx, cp)} the source delivers, per partition,
   * exactly the records whose position is greater than the checkpoint's (one partition resumed
   * mid-way, one after its first record, the others after their last). Passes if nothing before
   * or at a checkpoint position is delivered again and nothing after it is skipped.
   */
  @Test
  public void openWithCheckpointDeliversExactlyTheRecordsAfterItsPositions() {
    SortedMap<PartitionId, List<Record>> expected = writeFixture();
    Checkpoint checkpoint = checkpointInsideEveryPartition(expected);
    assertSameRecords(readAll(Optional.of(checkpoint), 10), after(expected, checkpoint));
  }

  /**
   * Proves that resuming is repeatable: two sources opened from the same checkpoint deliver the
   * same records. Passes if both reads are equal and equal to the records after the checkpoint.
   */
  @Test
  public void reopeningFromTheSameCheckpointReplaysTheSameRecords() {
    SortedMap<PartitionId, List<Record>> expected = writeFixture();
    Checkpoint checkpoint = checkpointInsideEveryPartition(expected);
    SortedMap<PartitionId, List<Record>> first = readAll(Optional.of(checkpoint), 10);
    SortedMap<PartitionId, List<Record>> second = readAll(Optional.of(checkpoint), 3);
    assertThat(second).isEqualTo(first);
    assertSameRecords(second, after(expected, checkpoint));
  }

  /**
   * Proves that a checkpoint at the last record of every partition resumes to nothing, and that
   * the source still reaches end of input. Passes if no record is delivered.
   */
  @Test
  public void openAtTheLastRecordOfEveryPartitionDeliversNothing() {
    SortedMap<PartitionId, List<Record>> expected = writeFixture();
    Checkpoint.Builder b = Checkpoint.builder(1);
    expected.forEach((p, list) -> b.position(p, list.get(list.size() - 1).position()));
    assertThat(readAll(Optional.of(b.build()), 10).values()).allMatch(List::isEmpty);
  }

  /**
   * Proves the {@code endPositions()} contract: a partition the source reports ends exactly at the
   * position of its last record (never past it, or a drain would wait for a record that never
   * comes; never before it, or a drain would stop short), before any poll, mid-way and at the end.
   * Partitions it leaves out are allowed (the source cannot tell); a source that reports none
   * passes trivially.
   */
  @Test
  public void endPositionsNameEachPartitionsLastRecordExactly() {
    SortedMap<PartitionId, List<Record>> expected = writeFixture();
    Map<PartitionId, Position> last = new TreeMap<>();
    expected.forEach((p, list) -> last.put(p, list.get(list.size() - 1).position()));
    try (Source source = openSource(Optional.empty())) {
      assertEndsExact(source.endPositions(), last, "before the first poll");
      source.poll(3, pollTimeout());
      assertEndsExact(source.endPositions(), last, "after the first poll");
      drain(source, 10, new TreeMap<>());
      assertEndsExact(source.endPositions(), last, "at end of input");
    }
  }

  private static void assertEndsExact(
      Map<PartitionId, Position> reported, Map<PartitionId, Position> last, String when) {
    reported.forEach(
        (partition, end) ->
            assertThat(end)
                .as("endPositions() of %s %s", partition, when)
                .isEqualTo(last.get(partition)));
  }

  /**
   * Proves end of input for bounded sources: {@code isEndOfInput()} stays false while records
   * remain and becomes true once the last one was returned (allowing empty polls in between).
   * Passes if it is never true early, and is true in the end with nothing extra delivered.
   */
  @Test
  public void boundedSourceReportsEndOfInputOnlyAfterItsLastRecord() {
    int total = writeFixture().values().stream().mapToInt(List::size).sum();
    try (Source source = openSource(Optional.empty())) {
      int delivered = 0;
      long deadline = System.nanoTime() + readTimeout().toNanos();
      boolean ended = false;
      while (!ended && System.nanoTime() < deadline) {
        delivered += source.poll(3, pollTimeout()).size();
        ended = source.isEndOfInput();
        if (delivered < total) {
          assertThat(ended)
              .as("isEndOfInput() after %d of %d records were delivered", delivered, total)
              .isFalse();
        }
      }
      assertThat(ended).as("end of input within %s", readTimeout()).isTrue();
      assertThat(delivered).isEqualTo(total);
    }
  }

  /**
   * Proves per-partition order and batch limits: with several poll sizes, positions strictly
   * increase within each partition and no poll returns more than asked. Passes if every batch
   * keeps both (checked as it arrives) and the whole fixture arrives each time.
   */
  @Test
  public void positionsStrictlyIncreaseWithinEachPartitionWhateverThePollSize() {
    SortedMap<PartitionId, List<Record>> expected = writeFixture();
    for (int maxRecords : new int[] {1, 2, 7, 1000}) {
      assertSameRecords(readAll(Optional.empty(), maxRecords), expected);
    }
  }

  /**
   * Proves that a source claiming dense positions has them: each record follows the previous one
   * at offset + 1 or opens a later segment. Passes trivially for sources that do not claim it.
   */
  @Test
  public void densePositionsClaimHolds() {
    writeFixture();
    boolean dense;
    try (Source source = openSource(Optional.empty())) {
      dense = source.positionsAreDense();
    }
    if (!dense) {
      return;
    }
    for (List<Record> records : readAll(Optional.empty(), 10).values()) {
      for (int i = 1; i < records.size(); i++) {
        Position previous = records.get(i - 1).position();
        Position next = records.get(i).position();
        boolean follows =
            next.segment() == previous.segment()
                ? next.offset() == previous.offset() + 1
                : next.segment() > previous.segment();
        assertThat(follows).as("dense: %s follows %s", next, previous).isTrue();
      }
    }
  }

  /**
   * Proves that {@code onCheckpointCommitted} is an acknowledgement only: telling the source a
   * checkpoint is durable mid-read changes nothing it delivers. Passes if the whole fixture still
   * arrives exactly once.
   */
  @Test
  public void acknowledgingACheckpointDoesNotChangeWhatIsDelivered() {
    SortedMap<PartitionId, List<Record>> expected = writeFixture();
    int total = expected.values().stream().mapToInt(List::size).sum();
    SortedMap<PartitionId, List<Record>> got = new TreeMap<>();
    try (Source source = openSource(Optional.empty())) {
      List<Record> firstHalf = new ArrayList<>();
      long deadline = System.nanoTime() + readTimeout().toNanos();
      while (firstHalf.size() < total / 2 && System.nanoTime() < deadline) {
        firstHalf.addAll(source.poll(5, pollTimeout()));
      }
      Checkpoint.Builder b = Checkpoint.builder(1).records(firstHalf.size());
      firstHalf.forEach(r -> b.position(r.partition(), r.position()));
      source.onCheckpointCommitted(b.build());
      firstHalf.forEach(r -> got.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
      drain(source, 5, got);
    }
    assertSameRecords(got, expected);
  }

  /**
   * Proves that {@code close()} is idempotent, after a partial read. Passes if the second close
   * does not throw.
   */
  @Test
  public void closeIsIdempotent() {
    writeFixture();
    Source source = openSource(Optional.empty());
    source.poll(5, pollTimeout());
    source.close();
    assertThatCode(source::close).doesNotThrowAnyException();
  }

  // ---------------------------------------------------------------------------------------------

  private SortedMap<PartitionId, List<Record>> writeFixture() {
    GeneratedStream content = fixture().generate();
    endpoint = createEndpoint();
    SortedMap<PartitionId, List<Record>> expected = new TreeMap<>(write(endpoint, content));
    assertThat(expected).as("partitions written").hasSize(content.partitions().size());
    assertThat(RecordContent.byPartition(expected).values())
        .as("the records write() promises carry the fixture's content, partition by partition")
        .containsExactlyInAnyOrderElementsOf(RecordContent.byPartition(content.byPartition()).values());
    return expected;
  }

  private Source openSource(Optional<Checkpoint> resumeFrom) {
    Source source = createBoundedSource(endpoint);
    source.open(sourceContext(), resumeFrom);
    return source;
  }

  private SortedMap<PartitionId, List<Record>> readAll(Optional<Checkpoint> from, int maxRecords) {
    SortedMap<PartitionId, List<Record>> got = new TreeMap<>();
    try (Source source = openSource(from)) {
      drain(source, maxRecords, got);
    }
    return got;
  }

  /** Polls until end of input, checking batch size and per-partition order as records arrive. */
  private void drain(Source source, int maxRecords, Map<PartitionId, List<Record>> got) {
    long deadline = System.nanoTime() + readTimeout().toNanos();
    do {
      if (System.nanoTime() > deadline) {
        fail("no end of input within " + readTimeout() + "; delivered so far: " + got);
      }
      List<Record> batch = source.poll(maxRecords, pollTimeout());
      assertThat(batch.size()).as("records in one poll(%d, ...)", maxRecords).isLessThanOrEqualTo(maxRecords);
      for (Record r : batch) {
        List<Record> list = got.computeIfAbsent(r.partition(), p -> new ArrayList<>());
        if (!list.isEmpty()) {
          assertThat(r.position())
              .as("position in %s after %s", r.partition(), list.get(list.size() - 1).position())
              .isGreaterThan(list.get(list.size() - 1).position());
        }
        list.add(r);
      }
    } while (!source.isEndOfInput());
  }

  /** p0 (in sorted order) resumed in the middle, p1 after its first record, others after their last. */
  private static Checkpoint checkpointInsideEveryPartition(Map<PartitionId, List<Record>> expected) {
    Checkpoint.Builder b = Checkpoint.builder(1).createdAt(RecordContent.CREATED_AT);
    int i = 0;
    for (Map.Entry<PartitionId, List<Record>> e : expected.entrySet()) {
      List<Record> list = e.getValue();
      int covered = i == 0 ? list.size() / 2 : i == 1 ? 1 : list.size();
      b.position(e.getKey(), list.get(covered - 1).position());
      i++;
    }
    return b.build();
  }

  private static SortedMap<PartitionId, List<Record>> after(
      Map<PartitionId, List<Record>> records, Checkpoint checkpoint) {
    SortedMap<PartitionId, List<Record>> rest = new TreeMap<>();
    records.forEach(
        (p, list) ->
            rest.put(
                p,
                list.stream()
                    .filter(r -> checkpoint.position(p).map(r.position()::isAfter).orElse(true))
                    .toList()));
    return rest;
  }

  /** Same partitions, positions and content, in order; empty partitions count as absent. */
  private static void assertSameRecords(
      Map<PartitionId, List<Record>> actual, Map<PartitionId, List<Record>> expected) {
    assertThat(positions(actual)).as("positions per partition").isEqualTo(positions(expected));
    assertThat(RecordContent.byPartition(actual))
        .as("content per partition")
        .isEqualTo(RecordContent.byPartition(expected));
  }

  private static SortedMap<PartitionId, List<Position>> positions(Map<PartitionId, List<Record>> records) {
    SortedMap<PartitionId, List<Position>> positions = new TreeMap<>();
    records.forEach(
        (p, list) -> {
          if (!list.isEmpty()) {
            positions.put(p, list.stream().map(Record::position).toList());
          }
        });
    return positions;
  }
}
