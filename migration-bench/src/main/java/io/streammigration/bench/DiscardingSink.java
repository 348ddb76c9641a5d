package io.streammigration.bench;

import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import java.util.List;

/**
 * A sink that keeps nothing but still reads every record it is given (its size and position), as
 * any real sink must, so that the JIT cannot turn the engine's or the baseline's loop into
 * nothing. Not transactional: over it the engine runs the AT_LEAST_ONCE protocol (flush, then
 * save to the checkpoint store).
 */
public class DiscardingSink implements Sink {

  private long records;
  private long checksum;

  @Override
  public void open(SinkContext context) {}

  @Override
  public void write(List<Record> batch) {
    long sum = checksum;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Record record = batch.get(i);
      sum += record.sizeInBytes() + record.position().offset();
    }
    checksum = sum;
    records += batch.size();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** Records written so far. */
  public long records() {
    return records;
  }

  /** A value that depends on every record written, for the benchmark to return to JMH. */
  public long checksum() {
    return checksum;
  }
}
