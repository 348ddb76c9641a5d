package io.streammigration.core.ordering;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records and a recording guard context for the ordering tests. */
final class GuardFixture {

  static final String SEQ = "seq";

  private GuardFixture() {}

  /** A context that keeps every reported violation. */
  static final class RecordingContext implements OrderingGuard.Context {
    final boolean dense;
    final List<OrderingViolation> reported = new ArrayList<>();

    RecordingContext(boolean dense) {
      this.dense = dense;
    }

    @Override
    public boolean densePositions() {
      return dense;
    }

    @Override
    public void report(OrderingViolation violation) {
      reported.add(violation);
    }
  }

  static Record at(String partition, long segment, long offset) {
    return keyed(partition, null, segment, offset);
  }

  static Record at(String partition, long offset) {
    return at(partition, 0, offset);
  }

  static Record keyed(String partition, String key, long segment, long offset) {
    return new Record(
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        new byte[] {1},
        Headers.EMPTY,
        0L,
        PartitionId.of(partition),
        Position.of(segment, offset));
  }

  /** A record carrying {@code sequence} in an 8-byte big-endian header {@link #SEQ}. */
  static Record withBinarySequence(Record record, long sequence) {
    byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    return record.withHeaders(record.headers().replacing(Header.of(SEQ, value)));
  }

  /** A record carrying {@code sequence} as ASCII decimal in header {@link #SEQ}. */
  static Record withTextSequence(Record record, long sequence) {
    return record.withHeaders(
        record.headers().replacing(Header.ofUtf8(SEQ, Long.toString(sequence))));
  }

  static Record withSequence(Ordering.SequenceSource source, Record record, long sequence) {
    switch (source) {
      case BINARY_HEADER:
        return withBinarySequence(record, sequence);
      case TEXT_HEADER:
        return withTextSequence(record, sequence);
      default:
        return record;
    }
  }

  /** The spec for a scope and sequence source, with header {@link #SEQ} where one is needed. */
  static Ordering ordering(boolean perKey, Ordering.SequenceSource source, OrderingPolicy policy) {
    Ordering base = perKey ? Ordering.perKey() : Ordering.perPartition();
    switch (source) {
      case BINARY_HEADER:
        base = base.sequenceFromHeader(SEQ);
        break;
      case TEXT_HEADER:
        base = base.sequenceFromTextHeader(SEQ);
        break;
      default:
        break;
    }
    return base.policy(policy);
  }
}
