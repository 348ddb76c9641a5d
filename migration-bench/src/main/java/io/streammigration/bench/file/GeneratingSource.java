package io.streammigration.bench.file;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bounded source that makes its records as it is polled, for runs longer than anything worth
 * writing to disk first: {@code count} records of 1 KiB, each with a value array of its own (a
 * template copied, then the record's index written into its first 8 bytes), as a source that
 * decodes from a file or the network allocates them. Nothing is kept once a batch is returned, so
 * whatever the heap holds, the engine or the sink holds. Positions are dense, {@code (0, index)}.
 */
final class GeneratingSource implements Source {

  static final PartitionId PARTITION = PartitionId.of("generated");

  private final long count;
  private final byte[][] templates = SourceFiles.values(64, 11);
  private long next;

  GeneratingSource(long count) {
    this.count = count;
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
    next = resumeFrom.flatMap(c -> c.position(PARTITION)).map(p -> p.offset() + 1).orElse(0L);
  }

  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    int n = (int) Math.min(maxRecords, count - next);
    List<Record> batch = new ArrayList<>(n);
    long now = System.currentTimeMillis();
    for (int i = 0; i < n; i++, next++) {
      byte[] value = templates[(int) (next % templates.length)].clone();
      ByteBuffer.wrap(value).putLong(0, next);
      batch.add(new Record(null, value, Headers.EMPTY, now, PARTITION, Position.of(0, next)));
    }
    return batch;
  }

  @Override
  public boolean isEndOfInput() {
    return next >= count;
  }

  @Override
  public boolean positionsAreDense() {
    return true;
  }

  @Override
  public void close() {}
}
