package io.streammigration.bench;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A bounded source that hands out pre-built batches, cycling through them until it has handed out
 * {@code totalBatches}. {@link #poll} allocates nothing, so a benchmark built on it measures the
 * engine (or the baseline loop), not record creation.
 *
 * <p>Cycling lets one run move far more records than are held in memory; records repeat, so it
 * only suits runs without an ordering guard (positions that go back are harmless to the engine's
 * progress tracking, which only moves forward).
 */
public final class PrebuiltSource implements Source {

  private final List<List<Record>> batches;
  private final long totalBatches;
  private long handedOut;

  /**
   * @param batches the batches to hand out, in order, cyclically; not copied, never changed
   * @param totalBatches how many batches to hand out before reporting end of input
   */
  public PrebuiltSource(List<List<Record>> batches, long totalBatches) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("no batches");
    }
    this.batches = batches;
    this.totalBatches = totalBatches;
  }

  @Override
  public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {}

  @Override
  public List<Record> poll(int maxRecords, Duration timeout) {
    if (handedOut == totalBatches) {
      return List.of();
    }
    return batches.get((int) (handedOut++ % batches.size()));
  }

  @Override
  public boolean isEndOfInput() {
    return handedOut == totalBatches;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "PrebuiltSource{" + batches.size() + " batches, " + totalBatches + " to hand out}";
  }
}
