package io.streammigration.core.verify;

import io.streammigration.core.ordering.Provenance;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a {@link Verifier}: reads both sides alternately on the caller's thread and
 * feeds each partition's {@link PartitionComparison}.
 *
 * <p>Which side to poll: alternately, except that a side holding more than {@code maxPending}
 * records the other side has not caught up with is paused so the other can catch up. If both are
 * over (each ahead in different partitions), the partition with the most pending records gives up
 * alignment, which frees them: memory stays bounded whatever the sources do.
 */
final class VerificationRun {

  private static final Logger LOG = LoggerFactory.getLogger(VerificationRun.class);
  private static final String CONTEXT_ID = "verify";

  private final Verifier config;
  private final ContentHasher hasher;
  private final Histogram latency = new Histogram(3);
  private final SortedMap<PartitionId, PartitionComparison> partitions = new TreeMap<>();
  private boolean sourceEnded;
  private boolean destinationEnded;
  /** Source partitions whose range-ending record the destination has delivered (bounded ranges). */
  private final Set<PartitionId> endedPartitions = new HashSet<>();

  VerificationRun(Verifier config) {
    this.config = config;
    this.hasher = new ContentHasher(config.ignoredHeader);
  }

  Findings run() {
    try (RangeReader source = reader(config.source, config.sourceRange);
        RangeReader destination = reader(config.destination, config.destinationRange)) {
      source.open(CONTEXT_ID);
      destination.open(CONTEXT_ID);
      // A range may be empty from the start (its end checkpoint at its start one).
      noteEnds(source, destination);
      boolean sourceTurn = true;
      while (!source.isDone() || !destination.isDone()) {
        if (!source.isDone() && !destination.isDone()) {
          boolean sourceFull = pending(true) > config.maxPending;
          boolean destinationFull = pending(false) > config.maxPending;
          if (sourceFull && destinationFull) {
            giveUpFurthestApart();
            continue;
          }
          sourceTurn = sourceFull ? false : destinationFull || !sourceTurn;
        } else {
          sourceTurn = !source.isDone();
        }
        if (sourceTurn) {
          readSource(source);
        } else {
          readDestination(destination);
        }
      }
      SortedMap<PartitionId, PartitionReport> reports = new TreeMap<>();
      partitions.forEach((id, comparison) -> reports.put(id, comparison.finish()));
      return new Findings(
          reports,
          LatencyPercentiles.of(latency),
          config.errors,
          source.stop(),
          destination.stop());
    }
  }

  private RangeReader reader(io.streammigration.core.spi.Source s, ReadRange range) {
    return new RangeReader(
        s, range, config.batchSize, config.pollTimeout, config.idleTimeout, config::isFollowing);
  }

  private void readSource(RangeReader reader) {
    for (Record r : reader.poll()) {
      comparison(r.partition()).addSource(hasher.hash(r), RecordSummary.of(r));
    }
    if (reader.isDone()) {
      sourceEnded = true;
      partitions.values().forEach(PartitionComparison::sourceEnded);
    }
  }

  private void noteEnds(RangeReader source, RangeReader destination) {
    sourceEnded = source.isDone();
    destinationEnded = destination.isDone();
  }

  private void readDestination(RangeReader reader) {
    ReadRange sourceRange = config.sourceRange;
    boolean filter = sourceRange.isBounded() || sourceRange.from().isPresent();
    for (Record r : reader.poll()) {
      PartitionId partition = config.mapping.sourcePartitionOf(r);
      Position provenance = Provenance.positionOf(r).orElse(null);
      PartitionComparison comparison = comparison(partition);
      if (filter && provenance != null && !sourceRange.contains(partition, provenance)) {
        comparison.countOutOfRange();
        continue;
      }
      if (provenance == null && outsideBoundedRange(partition)) {
        // A record that does not say where it came from, in a partition the range does not name
        // or after the range's last record: the migration did not write it. After a cutover the
        // switched writers append to the destination themselves; their records are outside the
        // range, not unexpected records in it.
        comparison.countOutOfRange();
        continue;
      }
      if (provenance != null && isRangeEnd(partition, provenance)) {
        endedPartitions.add(partition);
      }
      comparison.addDestination(
          hasher.hash(r), RecordSummary.of(r), provenance, config.arrivalTime.applyAsLong(r));
    }
    if (reader.isDone()) {
      destinationEnded = true;
      partitions.values().forEach(PartitionComparison::destinationEnded);
    }
  }

  /**
   * For a record without provenance: true if the range is bounded and either does not name {@code
   * partition} or the destination already delivered the range's last record of it.
   */
  private boolean outsideBoundedRange(PartitionId partition) {
    return config.sourceRange.upTo().isPresent()
        && (config.sourceRange.upTo().get().position(partition).isEmpty()
            || endedPartitions.contains(partition));
  }

  /** True if {@code position} is where the bounded source range ends in {@code partition}. */
  private boolean isRangeEnd(PartitionId partition, Position position) {
    return config.sourceRange.upTo()
        .flatMap(end -> end.position(partition))
        .filter(position::equals)
        .isPresent();
  }

  private PartitionComparison comparison(PartitionId partition) {
    PartitionComparison c = partitions.get(partition);
    if (c == null) {
      c =
          new PartitionComparison(
              partition, config.window, this::recordLatency, config.driftListener);
      if (sourceEnded) {
        c.sourceEnded();
      }
      if (destinationEnded) {
        c.destinationEnded();
      }
      partitions.put(partition, c);
    }
    return c;
  }

  private void recordLatency(long millis) {
    latency.recordValue(millis);
  }

  private long pending(boolean sourceSide) {
    long n = 0;
    for (PartitionComparison c : partitions.values()) {
      n += sourceSide ? c.sourceQueued() : c.destinationQueued();
    }
    return n;
  }

  private void giveUpFurthestApart() {
    Map.Entry<PartitionId, PartitionComparison> furthest = null;
    long most = -1;
    for (Map.Entry<PartitionId, PartitionComparison> e : partitions.entrySet()) {
      long queued = (long) e.getValue().sourceQueued() + e.getValue().destinationQueued();
      if (queued > most) {
        most = queued;
        furthest = e;
      }
    }
    LOG.warn(
        "verification gives up aligning partition {}: {} records pending exceed maxPending {};"
            + " its digests stay exact",
        furthest.getKey(),
        most,
        config.maxPending);
    furthest.getValue().giveUpAlignment();
  }
}
