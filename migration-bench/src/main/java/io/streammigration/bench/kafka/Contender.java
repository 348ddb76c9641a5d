package io.streammigration.bench.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One way of copying a Kafka topic to another: our engine, a hand-written loop, MirrorMaker 2.
 * Every contender copies the same source topic, on the same broker, into a destination topic the
 * harness created beforehand with the same partitions.
 */
interface Contender {

  /** Short name for tables, e.g. {@code "raw loop"}. */
  String name();

  DeliveryGuarantee guarantee();

  /** True for our engine, false for a baseline. */
  boolean ours();

  /** The destination topic this contender writes {@code sourceTopic} to in run {@code runId}. */
  default String destinationTopic(String sourceTopic, String runId) {
    return "dst-" + runId;
  }

  /**
   * Copies {@code job.sourceTopic()} to {@code job.destinationTopic()} from its beginning. With
   * {@code job.records() > 0}, returns once that many records are durable at the destination
   * (and committed, exactly-once); otherwise copies whatever arrives until {@code stop} is set,
   * then makes everything durable (and committed) and returns.
   *
   * @return when it was launched, and what its own threads cost
   */
  Run copy(Job job, AtomicBoolean stop) throws Exception;

  /**
   * One copy as the contender saw it.
   *
   * @param launchedMillis wall-clock epoch milliseconds when the contender was launched (its
   *     start-up included)
   * @param copierCpuNanos CPU time of the threads that run the copying code (for our engine its
   *     reader and writer; for a raw loop its one thread), not of the Kafka clients' I/O threads
   *     nor of the broker; -1 where it cannot be measured (MirrorMaker 2)
   * @param checkpoints checkpoints (flush + store, or commits) taken, -1 if unknown
   * @param checkpointNanos the time the copying thread spent in them, all together
   */
  record Run(long launchedMillis, long copierCpuNanos, long checkpoints, long checkpointNanos) {}

  /** What to copy. */
  record Job(String bootstrap, String sourceTopic, String destinationTopic, int partitions, long records, String runId) {
    boolean bounded() {
      return records > 0;
    }
  }
}
