package io.streammigration.testkit.verify;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A bounded source delivering a fixed list of records in exactly the given order, whatever their
 * partitions, so a test controls how far one side runs ahead of the other.
 */
final class ScriptedSource implements Source {

  private final List<Record> script;
  private int next;

  ScriptedSource(List<Record> script) {
    this.script = List.copyOf(script);
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {}

  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    int to = Math.min(script.size(), next + maxRecords);
    List<Record> batch = script.subList(next, to);
    next = to;
    return batch;
  }

  @Override
  public boolean isEndOfInput() {
    return next == script.size();
  }

  @Override
  public void close() {}
}
