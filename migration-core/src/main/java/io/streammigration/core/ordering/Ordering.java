package io.streammigration.core.ordering;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.spi.OrderingGuard;
import java.util.Objects;
import java.util.Optional;

/**
 * How a migration checks the order of source records: an immutable, validated specification that
 * is also the {@link OrderingGuard.Factory} for the standard guard.
 *
 * <p>Every method returns a new {@code Ordering}; an instance never changes, so one spec can be
 * shared by several migrations. Invalid settings fail at once with a {@link
 * MigrationConfigException} naming the setting, never later at run time.
 *
 * <pre>{@code
 * Ordering.perKey().sequenceFromHeader("seq").policy(OrderingPolicy.DROP_DUPLICATES)
 * }</pre>
 *
 * <h2>Defaults</h2>
 *
 * <ul>
 *   <li>scope: {@linkplain #perPartition() per partition} ({@link #ofDefaults()});
 *   <li>sequence: {@linkplain #sequenceFromPositions() the record positions};
 *   <li>policy: {@link OrderingPolicy#FAIL};
 *   <li>provenance stamping: off.
 * </ul>
 *
 * <h2>What is checked</h2>
 *
 * <p>The guard keeps, per scope, the last sequence it admitted; a scope is a partition, or a
 * partition and a key ({@linkplain #perKey() per key}; a null key is a scope of its own). The first
 * record of a scope is always admitted, since a migration may start mid-stream. After that:
 *
 * <ul>
 *   <li><b>Positions.</b> A record at or before the last admitted position is a {@link
 *       io.streammigration.core.error.OrderingViolationException.Kind#DUPLICATE DUPLICATE}: a
 *       source never legitimately goes backwards, so it is a replay. Gaps are detected only when
 *       the source declares {@linkplain OrderingGuard.Context#densePositions() dense positions},
 *       and only per partition (a key's records legitimately skip offsets): within a segment the
 *       next offset must be the last plus one; the first record of a later segment may have any
 *       offset.
 *   <li><b>Header sequence.</b> Header sequences are dense by definition: the next record of a
 *       scope must carry the last sequence plus one. Equal or lower is a DUPLICATE, higher is a
 *       {@link io.streammigration.core.error.OrderingViolationException.Kind#GAP GAP}. A record
 *       without the header, or with a malformed value, stops the migration with a {@link
 *       io.streammigration.core.error.MigrationException} naming the partition, the position and
 *       the header, whatever the policy: a record without a sequence cannot be judged.
 * </ul>
 *
 * <p>Under {@link OrderingPolicy#REPORT} the guard keeps the highest sequence seen, so a record
 * below it is reported as a DUPLICATE even if it fills a gap reported earlier (the guard does not
 * remember which sequences were missing). Under FAIL and DROP_DUPLICATES this cannot happen: the
 * guard never admits past a gap, so everything below the last sequence was admitted.
 *
 * <p>The standard guard never reports {@link
 * io.streammigration.core.error.OrderingViolationException.Kind#REORDER REORDER}: a late record
 * shows up as the GAP it left behind (caught when sequences are dense) and, when it arrives, as a
 * record at or below the last sequence, which the guard cannot tell from a replay without
 * remembering every sequence it admitted.
 *
 * <p>Guard state grows with the number of scopes: one entry per partition, and per key, one per
 * distinct key ever seen. Use {@link #perKey()} only with a bounded key space.
 */
public final class Ordering implements OrderingGuard.Factory {

  /** What a guard keeps one sequence for. */
  public enum Scope {
    /** No checking at all: see {@link #none()}. */
    NONE,
    /** One sequence per source partition. */
    PARTITION,
    /** One sequence per key within each source partition; a null key is a key of its own. */
    KEY
  }

  /** Where a record's sequence number comes from. */
  public enum SequenceSource {
    /** The record's {@link io.streammigration.core.record.Position}. */
    POSITIONS,
    /** A header holding an 8-byte big-endian signed long. */
    BINARY_HEADER,
    /** A header holding an ASCII decimal long, as {@link Long#toString(long)} writes it. */
    TEXT_HEADER
  }

  private static final Ordering NONE =
      new Ordering(Scope.NONE, SequenceSource.POSITIONS, null, OrderingPolicy.FAIL, false);

  private final Scope scope;
  private final SequenceSource sequenceSource;
  private final String sequenceHeader;
  private final OrderingPolicy policy;
  private final boolean stampProvenance;

  private Ordering(
      Scope scope,
      SequenceSource sequenceSource,
      String sequenceHeader,
      OrderingPolicy policy,
      boolean stampProvenance) {
    this.scope = scope;
    this.sequenceSource = sequenceSource;
    this.sequenceHeader = sequenceHeader;
    this.policy = policy;
    this.stampProvenance = stampProvenance;
  }

  /** The defaults: per partition, sequence from positions, policy FAIL, no provenance. */
  public static Ordering ofDefaults() {
    return perPartition();
  }

  /** Checks order per source partition, with the other defaults. */
  public static Ordering perPartition() {
    return new Ordering(
        Scope.PARTITION, SequenceSource.POSITIONS, null, OrderingPolicy.FAIL, false);
  }

  /**
   * Checks order per key within each partition, with the other defaults. The guard keeps one entry
   * per distinct key, so its state and checkpoints grow with key cardinality.
   */
  public static Ordering perKey() {
    return new Ordering(Scope.KEY, SequenceSource.POSITIONS, null, OrderingPolicy.FAIL, false);
  }

  /**
   * Checks nothing: the guard admits every record and keeps no state (its snapshot is empty, and
   * it ignores any state it is given, so a migration may resume with checking switched off).
   * Only {@link #stampProvenance(boolean)} may be set on it; the other settings would be ignored,
   * so setting them is a configuration error.
   */
  public static Ordering none() {
    return NONE;
  }

  /** Takes each record's sequence from its position (the default). */
  public Ordering sequenceFromPositions() {
    requireChecking("ordering.sequence");
    return new Ordering(scope, SequenceSource.POSITIONS, null, policy, stampProvenance);
  }

  /**
   * Takes each record's sequence from the last header named {@code name}, whose value must be an
   * 8-byte big-endian signed long. Header sequences are dense: each scope's next record must carry
   * the last sequence plus one.
   */
  public Ordering sequenceFromHeader(String name) {
    requireChecking("ordering.sequenceHeader");
    return new Ordering(
        scope, SequenceSource.BINARY_HEADER, validHeaderName(name), policy, stampProvenance);
  }

  /**
   * Takes each record's sequence from the last header named {@code name}, whose value must be an
   * ASCII decimal long (an optional {@code -}, then 1 to 19 digits). Dense, as for {@link
   * #sequenceFromHeader(String)}.
   */
  public Ordering sequenceFromTextHeader(String name) {
    requireChecking("ordering.sequenceHeader");
    return new Ordering(
        scope, SequenceSource.TEXT_HEADER, validHeaderName(name), policy, stampProvenance);
  }

  /** What to do on a violation; default {@link OrderingPolicy#FAIL}. */
  public Ordering policy(OrderingPolicy policy) {
    requireChecking("ordering.policy");
    if (policy == null) {
      throw new MigrationConfigException(
          "ordering.policy", "must be one of FAIL, DROP_DUPLICATES, REPORT, was null");
    }
    return new Ordering(scope, sequenceSource, sequenceHeader, policy, stampProvenance);
  }

  /**
   * Whether the engine stamps provenance headers ({@link Provenance}) on every record; default
   * false. Allowed on {@link #none()} too: stamping does not need checking.
   */
  public Ordering stampProvenance(boolean stamp) {
    if (scope == Scope.NONE) {
      return stamp ? new Ordering(Scope.NONE, sequenceSource, null, policy, true) : NONE;
    }
    return new Ordering(scope, sequenceSource, sequenceHeader, policy, stamp);
  }

  public Scope scope() {
    return scope;
  }

  public SequenceSource sequenceSource() {
    return sequenceSource;
  }

  /** The sequence header's name; empty when the sequence comes from positions. */
  public Optional<String> sequenceHeader() {
    return Optional.ofNullable(sequenceHeader);
  }

  public OrderingPolicy policy() {
    return policy;
  }

  /**
   * True if the engine must put {@link Provenance#stamp()} first in the transform chain, so the
   * headers name the source record whatever later transforms do.
   */
  public boolean stampsProvenance() {
    return stampProvenance;
  }

  /** True unless this is {@link #none()}. */
  public boolean checksOrder() {
    return scope != Scope.NONE;
  }

  /** A guard for one run; {@link #none()} gives a guard that admits everything. */
  @Override
  public OrderingGuard create(OrderingGuard.Context context) {
    Objects.requireNonNull(context, "context");
    if (scope == Scope.NONE) {
      return AdmitAllGuard.INSTANCE;
    }
    return new SequenceGuard(
        scope == Scope.KEY,
        sequenceSource,
        sequenceHeader,
        policy,
        context);
  }

  private void requireChecking(String setting) {
    if (scope == Scope.NONE) {
      throw new MigrationConfigException(
          setting,
          "cannot be set on Ordering.none(), which checks nothing; "
              + "start from Ordering.perPartition() or Ordering.perKey()");
    }
  }

  private static String validHeaderName(String name) {
    if (name == null || name.isBlank()) {
      throw new MigrationConfigException(
          "ordering.sequenceHeader",
          "must be a non-blank header name, was " + (name == null ? "null" : "\"" + name + "\""));
    }
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ordering other
        && scope == other.scope
        && sequenceSource == other.sequenceSource
        && Objects.equals(sequenceHeader, other.sequenceHeader)
        && policy == other.policy
        && stampProvenance == other.stampProvenance;
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, sequenceSource, sequenceHeader, policy, stampProvenance);
  }

  @Override
  public String toString() {
    if (scope == Scope.NONE) {
      return "Ordering{none, stampProvenance=" + stampProvenance + "}";
    }
    return "Ordering{scope="
        + scope
        + ", sequence="
        + sequenceSource
        + (sequenceHeader == null ? "" : "(" + sequenceHeader + ")")
        + ", policy="
        + policy
        + ", stampProvenance="
        + stampProvenance
        + "}";
  }
}
