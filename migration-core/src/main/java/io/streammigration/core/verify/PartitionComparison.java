package io.streammigration.core.verify;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Compares one source partition with the destination records mapped to it, as both arrive, with
 * memory bounded by the window W and by what the verifier lets one side run ahead.
 *
 * <p>Alignment works on 64-bit content ids (the first 64 bits of the SHA-256 content hash). For
 * each destination record d, in order, with s the oldest unmatched source record:
 *
 * <ol>
 *   <li>d equals s: a match (latency measured where both have a timestamp, d folded into the
 *       deduplicated digest);
 *   <li>else d equals one of the last W matched source records: a duplicate (a replay);
 *   <li>else d equals one of the last W skipped source records: late (a reorder);
 *   <li>else d's provenance position is at or before the last matched source position and older
 *       than the last W matches: a duplicate identified by position only;
 *   <li>else d equals the k-th unmatched source record (k at most W): the k records before it are
 *       missing and d matches;
 *   <li>else, once W more source records are known (or the source ended), d is unexpected.
 * </ol>
 *
 * Each classification other than a match is also reported to the {@link DriftListener} as it is
 * made.
 *
 * The first time rule 1 fails, the pair (s, d) is the first divergence; if one side ends while the
 * other still has records, the divergence names the record that has no counterpart.
 */
final class PartitionComparison {

  /** A record reduced to what alignment and reporting need. */
  record Entry(long id, byte[] hash, RecordSummary summary, Position provenance, long arrival) {}

  private final PartitionId partition;
  private final int window;
  private final LongConsumer latency;
  private final DriftListener drift;
  private final ArrayDeque<Entry> sourceQueue = new ArrayDeque<>();
  private final ArrayDeque<Entry> destinationQueue = new ArrayDeque<>();
  private final RecentIds matched;
  private final RecentIds skipped;
  private final ArrayDeque<Position> matchedPositions = new ArrayDeque<>();
  private final DigestAccumulator sourceDigest = new DigestAccumulator();
  private final DigestAccumulator destinationDigest = new DigestAccumulator();
  private final DigestAccumulator deduplicatedDigest = new DigestAccumulator();
  private Position lastMatched;
  private long inStep;
  private Divergence first;
  private long missing;
  private long duplicates;
  private long duplicatesByPosition;
  private long late;
  private long unexpected;
  private long outOfRange;
  private boolean sourceEnded;
  private boolean destinationEnded;
  private boolean aligned = true;

  PartitionComparison(
      PartitionId partition, int window, LongConsumer latency, DriftListener drift) {
    this.partition = partition;
    this.window = window;
    this.latency = latency;
    this.drift = drift;
    this.matched = new RecentIds(window);
    this.skipped = new RecentIds(window);
  }

  void addSource(byte[] hash, RecordSummary summary) {
    sourceDigest.add(hash);
    if (!aligned) {
      return;
    }
    Entry s = new Entry(ContentHasher.first64(hash), null, summary, null, 0);
    if (destinationEnded && destinationQueue.isEmpty()) {
      // Nothing can match it any more.
      missing++;
      drift.onDrift(new Drift(Drift.Kind.MISSING, partition, summary));
      if (first == null) {
        first = new Divergence(inStep, Optional.of(summary), Optional.empty());
      }
      return;
    }
    sourceQueue.addLast(s);
    drain();
  }

  void addDestination(byte[] hash, RecordSummary summary, Position provenance, long arrival) {
    destinationDigest.add(hash);
    if (!aligned) {
      return;
    }
    destinationQueue.addLast(
        new Entry(ContentHasher.first64(hash), hash, summary, provenance, arrival));
    drain();
  }

  void countOutOfRange() {
    outOfRange++;
  }

  void sourceEnded() {
    sourceEnded = true;
    drain();
  }

  void destinationEnded() {
    destinationEnded = true;
    drain();
  }

  int sourceQueued() {
    return sourceQueue.size();
  }

  int destinationQueued() {
    return destinationQueue.size();
  }

  /** Stops aligning (digests go on): the sides drifted further apart than memory allows. */
  void giveUpAlignment() {
    aligned = false;
    sourceQueue.clear();
    destinationQueue.clear();
    matched.clear();
    skipped.clear();
    matchedPositions.clear();
  }

  /** Both sides are read: settles what is left and reports. */
  PartitionReport finish() {
    sourceEnded = true;
    destinationEnded = true;
    drain();
    if (!sourceQueue.isEmpty()) {
      if (first == null) {
        first = new Divergence(inStep, Optional.of(sourceQueue.peekFirst().summary()), Optional.empty());
      }
      missing += sourceQueue.size();
      sourceQueue.forEach(s -> drift.onDrift(new Drift(Drift.Kind.MISSING, partition, s.summary())));
      sourceQueue.clear();
    }
    return new PartitionReport(
        partition,
        sourceDigest.digest(),
        destinationDigest.digest(),
        deduplicatedDigest.digest(),
        Optional.ofNullable(first),
        missing,
        duplicates,
        duplicatesByPosition,
        late,
        unexpected,
        outOfRange,
        aligned);
  }

  private void drain() {
    while (!destinationQueue.isEmpty() && settle(destinationQueue.peekFirst())) {
      destinationQueue.pollFirst();
    }
  }

  /** Applies the rules to destination record d; false if it must wait for more source records. */
  private boolean settle(Entry d) {
    Entry s = sourceQueue.peekFirst();
    if (s != null && s.id() == d.id()) {
      sourceQueue.pollFirst();
      match(s, d);
      return true;
    }
    if (s == null && !sourceEnded) {
      return false;
    }
    if (first == null) {
      first =
          new Divergence(
              inStep, Optional.ofNullable(s).map(Entry::summary), Optional.of(d.summary()));
    }
    if (matched.contains(d.id())) {
      duplicates++;
      drift.onDrift(new Drift(Drift.Kind.DUPLICATE, partition, d.summary()));
      return true;
    }
    if (skipped.remove(d.id())) {
      missing--;
      late++;
      drift.onDrift(new Drift(Drift.Kind.LATE, partition, d.summary()));
      return true;
    }
    if (d.provenance() != null
        && lastMatched != null
        && !d.provenance().isAfter(lastMatched)
        && (matchedPositions.isEmpty() || d.provenance().compareTo(matchedPositions.peekFirst()) < 0)) {
      duplicates++;
      duplicatesByPosition++;
      drift.onDrift(new Drift(Drift.Kind.DUPLICATE, partition, d.summary()));
      return true;
    }
    // Found among the source records known so far, it is found at the same place in a longer
    // queue, so it can be settled now; not found, it needs the whole window (or the source's end).
    int k = indexOf(d.id());
    if (k < 0) {
      if (!sourceEnded && sourceQueue.size() <= window) {
        return false;
      }
      unexpected++;
      drift.onDrift(new Drift(Drift.Kind.UNEXPECTED, partition, d.summary()));
      return true;
    }
    for (int i = 0; i < k; i++) {
      Entry gone = sourceQueue.pollFirst();
      missing++;
      skipped.add(gone.id());
      drift.onDrift(new Drift(Drift.Kind.MISSING, partition, gone.summary()));
    }
    match(sourceQueue.pollFirst(), d);
    return true;
  }

  private int indexOf(long id) {
    Iterator<Entry> it = sourceQueue.iterator();
    for (int i = 0; i <= window && it.hasNext(); i++) {
      if (it.next().id() == id) {
        return i;
      }
    }
    return -1;
  }

  private void match(Entry s, Entry d) {
    if (first == null) {
      inStep++;
    }
    deduplicatedDigest.add(d.hash());
    matched.add(s.id());
    lastMatched = s.summary().position();
    matchedPositions.addLast(lastMatched);
    if (matchedPositions.size() > window) {
      matchedPositions.pollFirst();
    }
    long sent = s.summary().timestamp();
    // A record without a timestamp (0 or less: a text line has none, Kafka says -1) has no
    // latency: counting it as "arrival minus 0" made a file migration report 56-year latencies,
    // or 0 ms when the destination kept the source's missing timestamp.
    if (sent > 0 && d.arrival() > 0) {
      latency.accept(Math.max(0, d.arrival() - sent));
    }
  }
}
