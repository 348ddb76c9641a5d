package io.streammigration.core.verify;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The digests of one range of one source, per partition: what a deterministic replay check
 * compares. Reading the same checkpointed range twice must give equal digests; if it does not,
 * the source does not honour the resume contract (or its data changed).
 *
 * @param partitions per partition, sorted
 * @param stop why reading stopped
 */
public record RangeDigest(SortedMap<PartitionId, PartitionDigest> partitions, ReadStop stop) {

  public RangeDigest {
    partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    Objects.requireNonNull(stop, "stop");
  }

  /**
   * Reads {@code range} of {@code source} (not yet opened; it is opened and closed here) on the
   * caller's thread, hashing content as the {@link Verifier} does by default (provenance headers
   * skipped), polling {@value Verifier#DEFAULT_BATCH_SIZE} records at a time and stopping after
   * {@code idleTimeout} without records if the range does not end by itself.
   */
  public static RangeDigest read(Source source, ReadRange range, Duration idleTimeout) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    ContentHasher hasher = new ContentHasher(Verifier::isProvenanceHeader);
    Map<PartitionId, DigestAccumulator> digests = new TreeMap<>();
    try (RangeReader reader =
        new RangeReader(
            source,
            range,
            Verifier.DEFAULT_BATCH_SIZE,
            Duration.ofMillis(100),
            idleTimeout,
            () -> false)) {
      reader.open("replay-check");
      while (!reader.isDone()) {
        for (Record r : reader.poll()) {
          digests.computeIfAbsent(r.partition(), p -> new DigestAccumulator()).add(hasher.hash(r));
        }
      }
      SortedMap<PartitionId, PartitionDigest> result = new TreeMap<>();
      digests.forEach((p, d) -> result.put(p, d.digest()));
      return new RangeDigest(result, reader.stop());
    }
  }
}
