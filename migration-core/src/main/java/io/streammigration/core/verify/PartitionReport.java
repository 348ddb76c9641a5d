package io.streammigration.core.verify;

import io.streammigration.core.record.PartitionId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the verifier found for one source partition.
 *
 * <p><b>Exact facts</b>, whatever the stream's size: the {@link #source()} and {@link
 * #destination()} digests (counts, order digest, multiset digest), the {@link #deduplicated()}
 * digest and the {@link #firstDivergence()}.
 *
 * <p><b>Classified counts</b> come from aligning the destination with the source record by record
 * (by content hash) with bounded memory, so they are exact only within the verifier's window
 * ({@link Verifier.Builder#window}, W records):
 *
 * <ul>
 *   <li>{@link #missing()}: source records the destination skipped (a later source record, at
 *       most W ahead, matched first), plus source records left unmatched when the destination
 *       ended.
 *   <li>{@link #duplicates()}: destination records repeating a source record already matched
 *       among the last W matches (content checked), or, when the record carries a provenance
 *       position at or before the last matched one but older than the last W matches, counted by
 *       position alone; those are also counted in {@link #duplicatesByPositionOnly()}, their
 *       content unchecked.
 *   <li>{@link #late()}: destination records that arrive after a later source record was already
 *       matched, while they are still among the last W missing ones (a reorder): they leave
 *       {@code missing} and count here.
 *   <li>{@link #unexpected()}: destination records matching no source record within W records
 *       ahead of the alignment point: changed records (which also leave their source record
 *       {@code missing}) and records that never were in the source. A record moved further than W
 *       also ends up here (and its source record as missing).
 *   <li>{@link #outOfRange()}: destination records whose provenance position falls outside the
 *       source range; ignored for everything else.
 * </ul>
 *
 * <p>Records are matched by the first 64 bits of their SHA-256 content hash, so two different
 * records are confused with probability about 2<sup>-64</sup> per comparison; records with equal
 * content are interchangeable, so a repeated record whose content also occurs later in the source
 * counts as a duplicate of the earlier one. The digests use the full 256 bits.
 *
 * <p>If the two sides drift further apart than the verifier's pending limit, alignment is given up
 * for the partition ({@link #aligned()} false): digests stay exact, classified counts stop at that
 * point, and the partition passes the duplicates-allowed gate only if it is {@link #identical()}.
 *
 * @param deduplicated digest of the destination records that were matched with source records, in
 *     order; equal to the source digest when the destination is the source plus replays
 */
public record PartitionReport(
    PartitionId partition,
    PartitionDigest source,
    PartitionDigest destination,
    PartitionDigest deduplicated,
    Optional<Divergence> firstDivergence,
    long missing,
    long duplicates,
    long duplicatesByPositionOnly,
    long late,
    long unexpected,
    long outOfRange,
    boolean aligned) {

  public PartitionReport {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(deduplicated, "deduplicated");
    Objects.requireNonNull(firstDivergence, "firstDivergence");
  }

  /** True if the destination holds exactly the source's records, in the same order. */
  public boolean identical() {
    return source.sameSequenceAs(destination);
  }

  /**
   * True if removing replayed records from the destination leaves exactly the source's records in
   * the source's order: the at-least-once criterion.
   */
  public boolean equalIgnoringDuplicates() {
    // Identical sides need no alignment to prove it, even if alignment was given up.
    return identical()
        || (aligned && late == 0 && unexpected == 0 && deduplicated.sameSequenceAs(source));
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("partition ")
            .append(partition)
            .append(": source ")
            .append(source.count())
            .append(", destination ")
            .append(destination.count());
    if (identical()) {
      return s.append(", identical").toString();
    }
    s.append(source.sameMultisetAs(destination) ? ", same records in another order" : "")
        .append(", missing ")
        .append(missing)
        .append(", duplicates ")
        .append(duplicates)
        .append(", late ")
        .append(late)
        .append(", unexpected ")
        .append(unexpected);
    if (duplicatesByPositionOnly > 0) {
      s.append(" (").append(duplicatesByPositionOnly).append(" duplicates by position only)");
    }
    if (outOfRange > 0) {
      s.append(", ").append(outOfRange).append(" out of range");
    }
    if (!aligned) {
      s.append(", alignment given up (sides too far apart)");
    }
    firstDivergence.ifPresent(d -> s.append("; first divergence ").append(d));
    return s.toString();
  }

  void writeTo(JsonWriter json) {
    json.beginObject()
        .field("partition", partition.name())
        .field("identical", identical())
        .field("equalIgnoringDuplicates", equalIgnoringDuplicates())
        .name("source");
    source.writeTo(json);
    json.name("destination");
    destination.writeTo(json);
    json.name("deduplicated");
    deduplicated.writeTo(json);
    json.name("firstDivergence");
    if (firstDivergence.isPresent()) {
      firstDivergence.get().writeTo(json);
    } else {
      json.nullValue();
    }
    json.field("missing", missing)
        .field("duplicates", duplicates)
        .field("duplicatesByPositionOnly", duplicatesByPositionOnly)
        .field("late", late)
        .field("unexpected", unexpected)
        .field("outOfRange", outOfRange)
        .field("aligned", aligned)
        .endObject();
  }
}
