package io.streammigration.core.engine;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.policy.DeadLetterPolicy;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.TransactionalSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writer's side of dead-lettering: collects rejected records with headers saying why, where
 * from and when, writes them to the dead-letter sink after each batch, and makes them durable in
 * step with the main sink's checkpoints.
 *
 * <h2>Exactly once across crashes</h2>
 *
 * With a transactional dead-letter sink, each checkpoint is committed to it first and to the main
 * sink second. A crash between the two leaves the dead-letter sink ahead; the run that resumes
 * replays that stretch from the main sink's checkpoint, and must not dead-letter its rejected
 * records again: {@link #resume} remembers, per partition, how far the dead-letter sink already
 * reaches beyond the main sink, and {@link #reject} skips records up to there. Checkpoint ids continue after
 * the higher of the two sinks' last ids, so both keep seeing strictly increasing ids.
 *
 * <p>Writer thread only.
 */
final class DeadLetterRoute {

  private final DeadLetterPolicy policy;
  private final Sink sink;
  private final List<Record> pending = new ArrayList<>();
  private Map<PartitionId, Position> alreadyRouted = Map.of();

  DeadLetterRoute(DeadLetterPolicy policy) {
    this.policy = policy;
    this.sink = policy.sink();
  }

  /** Opens the sink; returns its last committed checkpoint if it is transactional. */
  Optional<Checkpoint> open(SinkContext context) {
    sink.open(context);
    return sink instanceof TransactionalSink transactional ? transactional.recover() : Optional.empty();
  }

  /**
   * Notes, per partition, how far the dead-letter sink already reaches past the main sink's
   * checkpoint, and returns the highest checkpoint id either sink has committed. Compared by
   * position, not by id: a dead-letter checkpoint can share the main one's id and still reach
   * further (see {@link #reach}).
   */
  long resume(Optional<Checkpoint> main, Optional<Checkpoint> deadLetters) {
    Map<PartitionId, Position> ahead = new HashMap<>();
    deadLetters.ifPresent(
        routed ->
            routed
                .positions()
                .forEach(
                    (partition, position) -> {
                      Position delivered = main.flatMap(cp -> cp.position(partition)).orElse(null);
                      if (delivered == null || position.compareTo(delivered) > 0) {
                        ahead.put(partition, position);
                      }
                    }));
    alreadyRouted = ahead;
    return Math.max(
        main.map(Checkpoint::id).orElse(0L), deadLetters.map(Checkpoint::id).orElse(0L));
  }

  /**
   * Routes {@code source}, rejected by a transform, to the dead-letter sink, unless a previous run
   * already committed it there.
   *
   * @param total dead letters including this one, across restarts
   * @param seen source records seen including this one, across restarts
   * @throws MigrationException if this dead letter exceeds the tolerance
   */
  void reject(Record source, RecordRejectedException rejection, long total, long seen) {
    if (!policy.tolerance().allows(total, seen)) {
      throw new MigrationException(
          "dead-letter tolerance "
              + policy.tolerance()
              + " exceeded: "
              + total
              + " dead letters in "
              + seen
              + " records; last: "
              + rejection.getMessage(),
          rejection);
    }
    Position reached = alreadyRouted.get(source.partition());
    if (reached != null && source.position().compareTo(reached) <= 0) {
      return;
    }
    Position p = source.position();
    pending.add(
        source.withHeaders(
            source
                .headers()
                .with(Header.ofUtf8(DeadLetterPolicy.REASON, rejection.reason()))
                .with(Header.ofUtf8(DeadLetterPolicy.ERROR, rejection.getClass().getName()))
                .with(Header.ofUtf8(DeadLetterPolicy.PARTITION, source.partition().name()))
                .with(Header.of(DeadLetterPolicy.POSITION, ascii(p.segment() + ":" + p.offset())))
                .with(Header.of(DeadLetterPolicy.TIME, ascii(Long.toString(System.currentTimeMillis()))))));
  }

  /** Writes what this batch rejected. */
  void writePending(Retrier retrier) {
    if (pending.isEmpty()) {
      return;
    }
    if (sink instanceof TransactionalSink) {
      sink.write(pending); // not retried, as for the main sink: see Retrier
    } else {
      retrier.run("deadLetters.write", () -> sink.write(pending));
    }
    pending.clear();
  }

  /** Makes the dead letters durable, before the main sink commits {@code checkpoint}. */
  void commit(Checkpoint checkpoint, Retrier retrier) {
    if (sink instanceof TransactionalSink transactional) {
      Checkpoint reach = reach(checkpoint);
      retrier.run("deadLetters.commit", () -> transactional.commit(reach));
    } else {
      retrier.run("deadLetters.flush", sink::flush);
    }
  }

  void close() {
    sink.close();
  }

  /**
   * {@code checkpoint} with each position raised to where the dead-letter sink already reaches. A
   * resumed run's first checkpoints can end short of what the dead-letter sink committed before
   * the crash; recording the shorter reach would let a second crash dead-letter that stretch
   * again.
   */
  private Checkpoint reach(Checkpoint checkpoint) {
    if (alreadyRouted.isEmpty()) {
      return checkpoint;
    }
    Checkpoint.Builder raised = checkpoint.toBuilder(checkpoint.id());
    boolean behind = false;
    for (Map.Entry<PartitionId, Position> routed : alreadyRouted.entrySet()) {
      Position delivered = checkpoint.positions().get(routed.getKey());
      if (delivered == null || delivered.compareTo(routed.getValue()) < 0) {
        raised.position(routed.getKey(), routed.getValue());
        behind = true;
      }
    }
    if (!behind) {
      alreadyRouted = Map.of(); // the run has caught up with the dead-letter sink
      return checkpoint;
    }
    return raised.build();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
