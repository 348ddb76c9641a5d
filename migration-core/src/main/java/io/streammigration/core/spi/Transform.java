package io.streammigration.core.spi;

import io.streammigration.core.record.Record;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Turns one record into zero, one or more records, between the ordering guard and the sink.
 * Emitted records keep their input's partition and position (use the {@code with...} copies on
 * {@link Record}); the engine tracks progress by input records, whatever a transform emits.
 *
 * <p><b>Threads.</b> Called by the engine's writer thread only. Must not block for long.
 * Transforms must be deterministic: a record replayed after a crash must produce the same output,
 * or exactly-once means nothing.
 */
@FunctionalInterface
public interface Transform {

  /** Applies the transform to {@code record}, handing each output record to {@code out}. */
  void apply(Record record, Emitter out);

  /** Receives a transform's output. */
  @FunctionalInterface
  interface Emitter {
    void emit(Record record);
  }

  /**
   * This transform, then {@code next} on each of its outputs. Allocates an emitter per record
   * (it must capture the caller's one, and a shared transform may serve several migrations at
   * once); on the hot path, prefer adding transforms one by one to {@code Migration.builder()},
   * whose chain is built once and allocates nothing per record.
   */
  default Transform andThen(Transform next) {
    Objects.requireNonNull(next, "next");
    Transform first = this;
    return (record, out) -> first.apply(record, r -> next.apply(r, out));
  }

  /** The identity: emits every record unchanged. */
  static Transform identity() {
    return (record, out) -> out.emit(record);
  }

  /** One record in, one record out. */
  static Transform map(UnaryOperator<Record> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return (record, out) -> out.emit(mapper.apply(record));
  }

  /** Keeps the records that match {@code keep}. Filtered records still count as delivered. */
  static Transform filter(Predicate<Record> keep) {
    Objects.requireNonNull(keep, "keep");
    return (record, out) -> {
      if (keep.test(record)) {
        out.emit(record);
      }
    };
  }

  /** One record in, any number out, in the iteration order of the result. */
  static Transform flatMap(Function<Record, ? extends Iterable<Record>> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return (record, out) -> {
      for (Record r : mapper.apply(record)) {
        out.emit(r);
      }
    };
  }
}
