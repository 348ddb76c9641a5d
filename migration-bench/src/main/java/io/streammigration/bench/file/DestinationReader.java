package io.streammigration.bench.file;

import io.streammigration.core.record.Record;
import io.streammigration.file.FileSource;
import io.streammigration.file.FileSourceConfig;
import io.streammigration.file.RecordFormat;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * A downstream reader of the latency run's destination, on a thread of its own: a {@link
 * FileSource} following the sink's directory, as any consumer of the migrated data would read it.
 * For an EXACTLY_ONCE sink it reads committed bytes only (the manifest's lengths), so a record
 * shows up once the commit that includes it has replaced the manifest; for an AT_LEAST_ONCE
 * (appending) sink, once the sink's buffer reached the file, durable or not. For each record it
 * notes, in microseconds, how long after the moment its {@link PacedAppender} stamp says it was
 * due at the source it became readable here.
 *
 * <p>It looks for new bytes every millisecond ({@code idleWait}), which bounds what its own
 * polling adds to the figures; {@code rotationGrace} is 0 because a FileSink never appends to a
 * segment once it has started the next.
 */
final class DestinationReader implements Runnable {

  final Histogram visible = new Histogram(3_600_000_000L, 3);
  private final FileSource source;
  private final long expected;
  private volatile long seen;
  private volatile boolean stop;
  private volatile Throwable failure;

  DestinationReader(Path sinkDirectory, RecordFormat format, boolean committedOnly, long expected) {
    this.source =
        new FileSource(
            FileSourceConfig.builder(sinkDirectory)
                .format(format)
                .follow(true)
                .committedOnly(committedOnly)
                .idleWait(Duration.ofMillis(1))
                .rotationGrace(Duration.ZERO)
                .build());
    this.expected = expected;
  }

  long seen() {
    return seen;
  }

  Throwable failure() {
    return failure;
  }

  void stop() {
    stop = true;
  }

  @Override
  public void run() {
    try {
      source.open(new StandaloneSourceContext("latency-reader"), Optional.empty());
      long count = 0;
      while (!stop && count < expected) {
        List<Record> records = source.poll(1_000, Duration.ofMillis(10));
        long now = System.nanoTime();
        for (Record r : records) {
          visible.recordValue(Math.max(0, now - PacedAppender.stampOf(r.value())) / 1_000);
        }
        count += records.size();
        seen = count;
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      source.close();
    }
  }
}
