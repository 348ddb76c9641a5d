package io.streammigration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.testkit.fault.CrashSwitch;
import io.streammigration.testkit.fault.ProtocolStep;
import io.streammigration.testkit.fault.SimulatedCrash;
import io.streammigration.testkit.fault.SpiMethod;
import io.streammigration.testkit.fault.Timing;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.StreamSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every {@link Sink} keeps, as a JUnit 5 suite: what was made durable survives the
 * sink and is read back with its content and per-partition order intact. Extend it, say how to
 * create a destination, a sink over it and how to read what is durable there, and every test here
 * runs against your sink.
 *
 * <p>"Made durable" is {@code flush()} here; {@link TransactionalSinkContractTest} reruns every
 * test with {@code commit(checkpoint)} instead. Records are compared by content (key, value,
 * headers), grouped by source partition; destination positions and timestamps are not compared.
 *
 * @param <S> the sink type
 * @param <D> the adapter's handle on a destination (a topic name, a directory); every sink
 *     created over one handle writes to the same place, so a new sink models a restart
 */
public abstract class SinkContractTest<S extends Sink, D> {

  private long nextCheckpointId = 1;

  /** A fresh, empty destination for one test (or one step of a crash test). */
  protected abstract D createDestination();

  /** A new, unopened sink over {@code destination}. Called several times per test. */
  protected abstract S createSink(D destination);

  /**
   * What a fresh reader sees in {@code destination}: the durable (flushed or committed) records,
   * grouped by the source partition ({@link Record#partition()}) of the record that was written,
   * in destination order. Returned records need only carry that content; their partition,
   * position and timestamp are ignored.
   */
  protected abstract Map<PartitionId, List<Record>> readDurable(D destination);

  /** What each test writes (besides the hand-made records of the content test). */
  protected StreamSpec fixture() {
    return StreamSpec.builder()
        .partitions(3, 30)
        .keys(9)
        .tombstoneRatio(0.1)
        .valueSize(0, 48)
        .seed(11)
        .build();
  }

  /** The context sinks are opened with; the guarantee is AT_LEAST_ONCE here. */
  protected SinkContext sinkContext() {
    return new Context("sink-contract-test", DeliveryGuarantee.AT_LEAST_ONCE);
  }

  /**
   * Opens {@code sink} (one of yours, or a crash-simulating wrapper of one) so that it can be
   * written to. {@code open} here.
   */
  protected void openForWriting(Sink sink) {
    sink.open(sinkContext());
  }

  /** Makes every write so far durable; {@code covering} names them. {@code flush} here. */
  protected void makeDurable(Sink sink, Checkpoint covering) {
    sink.flush();
  }

  /**
   * Called after a simulated crash with the real (unwrapped) sink of the dead process. Default:
   * nothing; the instance is abandoned, never closed, as a killed process leaves it. Override if
   * your sink holds resources a dying process would lose in another way (kill a producer, drop a
   * file handle); the sink may already be closed if the crash came after close.
   */
  protected void crash(S sink, D destination) {}

  /**
   * Proves durability: records made durable are read back by a fresh reader after the sink is
   * closed, all of them, in order per partition. Passes if the destination holds exactly the
   * fixture.
   */
  @Test
  public void durableRecordsAreReadByAFreshReaderAfterClose() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    writeDurably(destination, records, 16);
    assertDurable(destination, records);
  }

  /**
   * Proves per-partition order with batches that mix partitions and durability points that cut
   * through them. Passes if each partition's records are read back in the order written.
   */
  @Test
  public void orderWithinEachPartitionIsKeptAcrossMixedBatches() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    S sink = createSink(destination);
    openForWriting(sink);
    int[] batchSizes = {1, 5, 2, 13, 3};
    int at = 0;
    for (int i = 0; at < records.size(); i++) {
      int to = Math.min(records.size(), at + batchSizes[i % batchSizes.length]);
      sink.write(List.copyOf(records.subList(at, to)));
      at = to;
      if (i % 4 == 3) {
        makeDurable(sink, checkpointCovering(records.subList(0, at)));
      }
    }
    makeDurable(sink, checkpointCovering(records));
    sink.close();
    assertDurable(destination, records);
  }

  /**
   * Proves content is preserved byte for byte: null and empty keys, every byte value, tombstones
   * and empty values, headers with null values, repeated header names in order, non-ASCII header
   * names and a 64 KiB value. Passes if every record reads back with equal key, value and headers.
   */
  @Test
  public void keysValuesHeadersAndTombstonesArePreservedExactly() {
    D destination = createDestination();
    List<Record> records = awkwardRecords();
    writeDurably(destination, records, 3);
    assertDurable(destination, records);
  }

  /**
   * Proves that {@code close()} is idempotent, with or without unflushed writes, and that closing
   * keeps what was already durable. Passes if the second close does not throw and the durable
   * records are intact.
   */
  @Test
  public void closeIsIdempotent() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    List<Record> durable = records.subList(0, records.size() / 2);
    S sink = createSink(destination);
    openForWriting(sink);
    sink.write(List.copyOf(durable));
    makeDurable(sink, checkpointCovering(durable));
    sink.close();
    assertThatCode(sink::close).doesNotThrowAnyException();
    assertDurable(destination, durable);
  }

  /**
   * Proves that a new sink instance (a restarted process) adds to what earlier instances made
   * durable rather than replacing it. Passes if the destination holds the first instance's
   * records followed by the second's, in order per partition.
   */
  @Test
  public void aNewSinkInstanceAddsToWhatEarlierInstancesMadeDurable() {
    D destination = createDestination();
    List<Record> records = interleavedFixture();
    int half = records.size() / 2;
    writeDurably(destination, records.subList(0, half), 10);
    S second = createSink(destination);
    openForWriting(second);
    second.write(List.copyOf(records.subList(half, records.size())));
    makeDurable(second, checkpointCovering(records));
    second.close();
    assertDurable(destination, records);
  }

  /**
   * Proves at-least-once across crashes: the process dies at every step of open, write, make
   * durable and close in turn (before and after each call reaches the sink). Afterwards each
   * partition in the destination holds a prefix of what was written, in order, that includes at
   * least everything made durable before the crash (unflushed records may or may not be there).
   * Passes if that holds at every step.
   */
  @TestFactory
  public Stream<DynamicTest> crashAtEveryStepKeepsWhatWasMadeDurable() {
    List<Record> records = interleavedFixture();
    int third = records.size() / 3;
    List<ProtocolStep> steps =
        CrashSwitch.stepsOf(crashSwitch -> writeInThirds(crashSwitch, createSink(createDestination()), records));
    assertThat(steps).hasSizeGreaterThanOrEqualTo(12);
    return steps.stream()
        .map(
            step ->
                DynamicTest.dynamicTest(
                    "crash " + step,
                    () -> {
                      D destination = createDestination();
                      S dying = createSink(destination);
                      CrashSwitch crashSwitch = CrashSwitch.at(step);
                      assertThatThrownBy(() -> writeInThirds(crashSwitch, dying, records))
                          .isInstanceOf(SimulatedCrash.class);
                      crash(dying, destination);
                      long durableCalls =
                          crashSwitch.trace().stream()
                              .filter(s -> s.timing() == Timing.AFTER)
                              .filter(s -> s.method() == SpiMethod.FLUSH || s.method() == SpiMethod.COMMIT)
                              .count();
                      assertPrefixAtLeast(
                          destination, records, records.subList(0, (int) durableCalls * third), step);
                    }));
  }

  // ---------------------------------------------------------------------------------------------

  /** Opens a new sink, writes {@code records} in batches, makes them durable and closes it. */
  protected final void writeDurably(D destination, List<Record> records, int batchSize) {
    S sink = createSink(destination);
    openForWriting(sink);
    for (int at = 0; at < records.size(); at += batchSize) {
      sink.write(List.copyOf(records.subList(at, Math.min(records.size(), at + batchSize))));
    }
    makeDurable(sink, checkpointCovering(records));
    sink.close();
  }

  /** open; write, write, make durable; write, make durable; write; close: the crash scenario. */
  private void writeInThirds(CrashSwitch crashSwitch, S real, List<Record> records) {
    int third = records.size() / 3;
    Sink sink = crashSwitch.guard(real);
    openForWriting(sink);
    sink.write(List.copyOf(records.subList(0, third / 2)));
    sink.write(List.copyOf(records.subList(third / 2, third)));
    makeDurable(sink, RecordContent.checkpointCovering(1, records.subList(0, third)));
    sink.write(List.copyOf(records.subList(third, 2 * third)));
    makeDurable(sink, RecordContent.checkpointCovering(2, records.subList(0, 2 * third)));
    sink.write(List.copyOf(records.subList(2 * third, records.size())));
    sink.close();
  }

  private void assertPrefixAtLeast(
      D destination, List<Record> written, List<Record> durable, ProtocolStep step) {
    Map<PartitionId, List<List<Object>>> actual = RecordContent.byPartition(readDurable(destination));
    Map<PartitionId, List<List<Object>>> all = RecordContent.byPartition(RecordContent.grouped(written));
    Map<PartitionId, List<List<Object>>> atLeast = RecordContent.byPartition(RecordContent.grouped(durable));
    assertThat(all.keySet()).as("partitions after a crash %s", step).containsAll(actual.keySet());
    atLeast.forEach(
        (p, list) ->
            assertThat(actual.getOrDefault(p, List.of()).size())
                .as("durable records of %s after a crash %s", p, step)
                .isGreaterThanOrEqualTo(list.size()));
    actual.forEach(
        (p, list) ->
            assertThat(list)
                .as("records of %s after a crash %s are a prefix of those written", p, step)
                .isEqualTo(all.get(p).subList(0, Math.min(list.size(), all.get(p).size()))));
  }

  /** A checkpoint with the next id, at the last position of each partition in {@code covered}. */
  protected final Checkpoint checkpointCovering(List<Record> covered) {
    return RecordContent.checkpointCovering(nextCheckpointId++, covered);
  }

  /** Asserts the destination holds exactly {@code expected}: same content, same order. */
  protected final void assertDurable(D destination, List<Record> expected) {
    assertThat(RecordContent.byPartition(readDurable(destination)))
        .as("durable records per source partition")
        .isEqualTo(RecordContent.byPartition(RecordContent.grouped(expected)));
  }

  /** The records of the content test: every awkward shape a destination might get wrong. */
  protected static List<Record> awkwardRecords() {
    PartitionId a = PartitionId.of("contract-a");
    PartitionId b = PartitionId.of("contract-b");
    byte[] everyByte = new byte[256];
    for (int i = 0; i < 256; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] large = new byte[64 * 1024];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31 + 7);
    }
    Headers repeated =
        Headers.of(
            Header.ofUtf8("h", "first"),
            Header.of("h", null),
            Header.ofUtf8("h", "third"),
            Header.of("binary", everyByte));
    Headers unicode = Headers.of(Header.ofUtf8("entête-ключ-键", "välue"), Header.of("empty", new byte[0]));
    List<Record> records = new ArrayList<>();
    long ts = 1_700_000_000_000L;
    records.add(new Record(null, utf8("no key"), Headers.EMPTY, ts, a, Position.of(0)));
    records.add(new Record(new byte[0], new byte[0], Headers.EMPTY, ts + 1, a, Position.of(1)));
    records.add(new Record(utf8("k"), null, Headers.EMPTY, ts + 2, a, Position.of(2)));
    records.add(new Record(everyByte, everyByte, repeated, ts + 3, b, Position.of(0)));
    records.add(new Record(null, null, unicode, ts + 4, b, Position.of(1)));
    records.add(new Record(utf8("big"), large, Headers.EMPTY, ts + 5, a, Position.of(3)));
    records.add(new Record(utf8("k"), utf8("after tombstone"), repeated, ts + 6, b, Position.of(2)));
    return records;
  }

  /** Convenience for suites: the generated fixture's records interleaved across partitions. */
  protected final List<Record> interleavedFixture() {
    GeneratedStream stream = fixture().generate();
    return RecordContent.interleaved(stream.byPartition());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The sink context the suites pass. */
  protected record Context(String migrationId, DeliveryGuarantee guarantee) implements SinkContext {}
}
