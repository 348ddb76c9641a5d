package io.streammigration.core.ordering;

import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.error.OrderingViolationException.Kind;
import io.streammigration.core.ordering.GuardState.Cursor;
import io.streammigration.core.ordering.GuardState.PartitionScopes;
import io.streammigration.core.ordering.Ordering.SequenceSource;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import java.util.Objects;

/**
 * The standard {@link OrderingGuard}: keeps per scope the last admitted sequence and judges each
 * record against it. The rules are stated on {@link Ordering}; this class applies them.
 *
 * <p>Per-partition checking allocates nothing per record once a partition is known. Per-key
 * checking allocates only for a key seen for the first time. Violations allocate (a report or an
 * exception), which is fine: they are rare, and under FAIL the first one ends the run.
 *
 * <p>Not thread-safe: called by the engine's writer thread only, as the SPI says.
 */
final class SequenceGuard implements OrderingGuard {

  private final boolean perKey;
  private final SequenceSource source;
  private final String header;
  private final OrderingPolicy policy;
  private final Context context;
  // Gaps by position need dense positions, and only a whole partition is dense: keys interleave.
  private final boolean positionGaps;
  private final GuardState state;

  SequenceGuard(
      boolean perKey,
      SequenceSource source,
      String header,
      OrderingPolicy policy,
      Context context) {
    this.perKey = perKey;
    this.source = Objects.requireNonNull(source, "source");
    this.header = source == SequenceSource.POSITIONS ? null : Objects.requireNonNull(header);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.context = Objects.requireNonNull(context, "context");
    this.positionGaps = !perKey && context.densePositions();
    this.state = new GuardState(perKey);
  }

  @Override
  public boolean admit(Record record) {
    // Read the sequence before touching state, so a bad header leaves the state as it was.
    long sequence = sequenceOf(record);
    PartitionScopes scopes = state.scopes(record.partition());
    Cursor cursor = perKey ? scopes.keyCursor(record.key()) : scopes.partitionCursor;
    boolean positions = source == SequenceSource.POSITIONS;
    long segment = positions ? record.position().segment() : 0;
    if (cursor == null) {
      if (perKey) {
        scopes.startKey(record.key(), segment, sequence);
      } else {
        scopes.partitionCursor = new Cursor(segment, sequence);
      }
      return true;
    }
    return positions
        ? admitPosition(cursor, record, segment, sequence)
        : admitSequence(cursor, record, sequence);
  }

  private long sequenceOf(Record record) {
    switch (source) {
      case BINARY_HEADER:
        return HeaderSequence.binary(record, header);
      case TEXT_HEADER:
        return HeaderSequence.text(record, header);
      default:
        return record.position().offset();
    }
  }

  private boolean admitPosition(Cursor cursor, Record record, long segment, long offset) {
    int bySegment = Long.compare(segment, cursor.segment);
    if (bySegment < 0 || (bySegment == 0 && offset <= cursor.last)) {
      return duplicate(record, cursor.last, offset, "a position after " + lastPosition(cursor));
    }
    if (positionGaps && bySegment == 0 && offset != cursor.last + 1) {
      String expected =
          "offset " + (cursor.last + 1) + " after " + lastPosition(cursor) + " (dense positions)";
      return gap(cursor, record, segment, offset, expected);
    }
    cursor.moveTo(segment, offset);
    return true;
  }

  private boolean admitSequence(Cursor cursor, Record record, long sequence) {
    if (sequence <= cursor.last) {
      return duplicate(record, cursor.last, sequence, "a sequence after " + cursor.last);
    }
    if (sequence != cursor.last + 1) {
      return gap(cursor, record, 0, sequence, "sequence " + (cursor.last + 1));
    }
    cursor.moveTo(0, sequence);
    return true;
  }

  /** State is left alone: the last admitted sequence is still the highest. */
  private boolean duplicate(Record record, long last, long actual, String expected) {
    switch (policy) {
      case DROP_DUPLICATES:
        context.report(violation(Kind.DUPLICATE, record, last, actual, true));
        return false;
      case REPORT:
        context.report(violation(Kind.DUPLICATE, record, last, actual, false));
        return true;
      default:
        throw failure(Kind.DUPLICATE, record, expected, actual);
    }
  }

  /** Under REPORT the record passes and becomes the new last, so later ones are judged by it. */
  private boolean gap(Cursor cursor, Record record, long segment, long actual, String expected) {
    if (policy != OrderingPolicy.REPORT) {
      throw failure(Kind.GAP, record, expected, actual);
    }
    context.report(violation(Kind.GAP, record, cursor.last + 1, actual, false));
    cursor.moveTo(segment, actual);
    return true;
  }

  private OrderingViolation violation(
      Kind kind, Record record, long expected, long actual, boolean dropped) {
    return new OrderingViolation(
        kind, record.partition(), record.position(), expected, actual, dropped);
  }

  private OrderingViolationException failure(
      Kind kind, Record record, String expected, long actual) {
    String got =
        source == SequenceSource.POSITIONS
            ? "got position " + record.position()
            : "got sequence " + actual + " from header \"" + header + "\"";
    return new OrderingViolationException(
        kind,
        record.partition(),
        record.position(),
        "expected " + expected + scopeDescription(record) + ", " + got);
  }

  private String scopeDescription(Record record) {
    if (!perKey) {
      return "";
    }
    byte[] key = record.key();
    return key == null ? " for the null key" : " for key of " + key.length + " bytes";
  }

  private static Position lastPosition(Cursor cursor) {
    return Position.of(cursor.segment, cursor.last);
  }

  @Override
  public byte[] snapshot() {
    return GuardStateCodec.encode(state, source == SequenceSource.POSITIONS);
  }

  @Override
  public void restore(byte[] bytes) {
    Objects.requireNonNull(bytes, "state");
    GuardStateCodec.decode(bytes, source == SequenceSource.POSITIONS, state);
  }
}
