package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.TransactionalSink;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine allocates nothing per record beyond the record itself: records, batches and
 * positions are made before the run, the source and sink allocate nothing, and the bytes the
 * writer thread (the caller of {@code run()}) allocates during the whole run, divided by the
 * records moved, must stay far below the size of the smallest object. Per-batch and
 * per-checkpoint allocations amortize to a fraction of a byte per record.
 */
class EngineAllocationTest {

  private static final int BATCH = 1_000;
  private static final int BATCHES = 2_000;

  /** Hands out pre-built batches; allocates nothing in poll. */
  private static final class PrebuiltSource implements Source {
    private final List<List<Record>> batches;
    private int next;

    PrebuiltSource(List<List<Record>> batches) {
      this.batches = batches;
    }

    @Override
    public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {}

    @Override
    public List<Record> poll(int maxRecords, Duration timeout) {
      return next < batches.size() ? batches.get(next++) : List.of();
    }

    @Override
    public boolean isEndOfInput() {
      return next == batches.size();
    }

    @Override
    public void close() {}
  }

  /** Accepts everything and keeps nothing. */
  private static final class DiscardingSink implements TransactionalSink {
    long written;

    @Override
    public void open(SinkContext context) {}

    @Override
    public Optional<Checkpoint> recover() {
      return Optional.empty();
    }

    @Override
    public void write(List<Record> records) {
      written += records.size();
    }

    @Override
    public void flush() {}

    @Override
    public void commit(Checkpoint checkpoint) {}

    @Override
    public void close() {}
  }

  private static List<List<Record>> batches(PartitionId... partitions) {
    List<List<Record>> batches = new ArrayList<>(BATCHES);
    byte[] value = new byte[100];
    long offset = 0;
    long timestamp = System.currentTimeMillis(); // measured, so latency sampling is on the path
    for (int b = 0; b < BATCHES; b++) {
      List<Record> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        PartitionId p = partitions[i % partitions.length];
        batch.add(new Record(null, value, Headers.EMPTY, timestamp, p, Position.of(offset + i / partitions.length)));
      }
      offset += BATCH;
      batches.add(batch);
    }
    return batches;
  }

  private static long allocatedBytesOfThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static double bytesPerRecordOfOneRun(List<List<Record>> batches) {
    DiscardingSink sink = new DiscardingSink();
    Migration migration =
        Migration.builder()
            .source(new PrebuiltSource(batches))
            .sink(sink)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .batchSize(BATCH)
            .checkpointTrigger(CheckpointTrigger.everyRecords(100_000))
            .build();
    long before = allocatedBytesOfThisThread();
    MigrationResult result = migration.run();
    long allocated = allocatedBytesOfThisThread() - before;
    assertThat(sink.written).isEqualTo((long) BATCH * BATCHES);
    return (double) allocated / result.records();
  }

  @Test
  void theWriterAllocatesLessThanOneBytePerRecord() {
    List<List<Record>> batches = batches(PartitionId.of("a"), PartitionId.of("b"), PartitionId.of("c"));
    bytesPerRecordOfOneRun(batches); // warm up: class loading and JIT compilation allocate
    double perRecord = bytesPerRecordOfOneRun(batches);
    assertThat(perRecord).as("bytes allocated by the writer per record").isLessThan(1.0);
  }
}
