package io.streammigration.core.engine;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.ordering.Provenance;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.DeadLetterPolicy;
import io.streammigration.core.policy.RetryPolicy;
import io.streammigration.core.spi.CheckpointStore;
import io.streammigration.core.spi.OrderingGuard;
import io.streammigration.core.spi.RewindableSink;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.TransactionalSink;
import io.streammigration.core.spi.Transform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The validated, immutable configuration of one migration, built by {@link Migration#builder()}.
 * Every setting is checked when {@link Migration.Builder#build()} runs; an invalid one raises a
 * {@link MigrationConfigException} naming the setting, the value and the allowed range, so nothing
 * is "assumed valid" at run time.
 */
public final class MigrationConfig {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** Largest batch a source may be asked for. */
  public static final int MAX_BATCH_SIZE = 1_000_000;

  /** Largest number of batches in flight between reader and writer. */
  public static final int MAX_HANDOFF_CAPACITY = 1024;

  /** Smallest bound on record bytes in flight between reader and writer. */
  public static final long MIN_HANDOFF_BYTES = 1L << 10;

  /** Largest record bytes in flight between reader and writer. */
  public static final long MAX_HANDOFF_BYTES = 1L << 30;

  private final String id;
  private final Source source;
  private final Sink sink;
  private final DeliveryGuarantee guarantee;
  private final Optional<CheckpointStore> checkpointStore;
  private final CheckpointTrigger checkpointTrigger;
  private final int batchSize;
  private final int handoffCapacity;
  private final long handoffBytes;
  private final Duration pollTimeout;
  private final Duration shutdownTimeout;
  private final OrderingGuard.Factory ordering;
  private final List<Transform> transforms;
  private final MigrationListener listener;
  private final Optional<Executor> readerExecutor;
  private final RetryPolicy retryPolicy;
  private final Optional<DeadLetterPolicy> deadLetters;
  private final OptionalLong rollbackTo;
  private final long caughtUpLag;
  private final Duration caughtUpFor;

  MigrationConfig(Migration.Builder b) {
    this.id = require("id", b.id);
    if (!ID.matcher(id).matches()) {
      throw new MigrationConfigException(
          "id", "'" + id + "' is not allowed: use 1 to 128 of A-Z a-z 0-9 . _ -");
    }
    this.source = require("source", b.source);
    this.sink = require("sink", b.sink);
    this.guarantee = require("guarantee", b.guarantee);
    this.checkpointStore = Optional.ofNullable(b.checkpointStore);
    this.checkpointTrigger = require("checkpointTrigger", b.checkpointTrigger);
    this.batchSize = inRange("batchSize", b.batchSize, 1, MAX_BATCH_SIZE);
    this.handoffCapacity = inRange("handoffCapacity", b.handoffCapacity, 1, MAX_HANDOFF_CAPACITY);
    this.handoffBytes =
        inRange("handoffBytes", b.handoffBytes, MIN_HANDOFF_BYTES, MAX_HANDOFF_BYTES);
    this.pollTimeout =
        inRange("pollTimeout", b.pollTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
    this.shutdownTimeout =
        inRange("shutdownTimeout", b.shutdownTimeout, Duration.ofMillis(1), Duration.ofHours(1));
    this.ordering = require("ordering", b.ordering);
    this.transforms = withProvenance(ordering, b.transforms);
    this.listener = require("listener", b.listener);
    this.readerExecutor = Optional.ofNullable(b.readerExecutor);
    this.retryPolicy = require("retryPolicy", b.retryPolicy);
    this.deadLetters = Optional.ofNullable(b.deadLetters);
    this.rollbackTo = b.rollbackTo;
    if (rollbackTo.isPresent()) {
      if (rollbackTo.getAsLong() < 1) {
        throw new MigrationConfigException(
            "rollbackTo", "was " + rollbackTo.getAsLong() + ", checkpoint ids start at 1");
      }
      if (sink instanceof TransactionalSink && !(sink instanceof RewindableSink)) {
        throw new MigrationConfigException(
            "rollbackTo",
            sink.getClass().getName()
                + " cannot roll its committed state back: rolling back a transactional"
                + " destination needs a RewindableSink (such as the file sink); a Kafka topic"
                + " cannot forget what it committed");
      }
    }
    if (b.caughtUpLag < 0) {
      throw new MigrationConfigException(
          "caughtUpLag", "was " + b.caughtUpLag + ", must be >= 0");
    }
    this.caughtUpLag = b.caughtUpLag;
    this.caughtUpFor =
        inRange("caughtUpFor", b.caughtUpFor, Duration.ZERO, Duration.ofHours(24));

    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && !(sink instanceof TransactionalSink)) {
      throw new MigrationConfigException(
          "guarantee",
          "EXACTLY_ONCE requires a sink that implements TransactionalSink (commits data and"
              + " checkpoint atomically), such as the exactly-once file sink or the transactional"
              + " Kafka sink; "
              + sink.getClass().getName()
              + " does not. Use AT_LEAST_ONCE with this sink, or a transactional one.");
    }
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
        && deadLetters.isPresent()
        && !(deadLetters.get().sink() instanceof TransactionalSink)) {
      throw new MigrationConfigException(
          "deadLetters",
          "EXACTLY_ONCE requires a TransactionalSink as dead-letter sink too, so that a record is"
              + " never dead-lettered twice after a crash; "
              + deadLetters.get().sink().getClass().getName()
              + " is not one");
    }
    if (!(sink instanceof TransactionalSink) && checkpointStore.isEmpty()) {
      throw new MigrationConfigException(
          "checkpointStore",
          "AT_LEAST_ONCE with a non-transactional sink needs a CheckpointStore to resume from"
              + " (FileCheckpointStore for real runs, InMemoryCheckpointStore for tests)");
    }
  }

  private static List<Transform> withProvenance(
      OrderingGuard.Factory ordering, List<Transform> transforms) {
    if (ordering instanceof Ordering spec && spec.stampsProvenance()) {
      List<Transform> stamped = new ArrayList<>(transforms.size() + 1);
      stamped.add(Provenance.stamp());
      stamped.addAll(transforms);
      return List.copyOf(stamped);
    }
    return List.copyOf(transforms);
  }

  private static <T> T require(String setting, T value) {
    if (value == null) {
      throw new MigrationConfigException(setting, "is required");
    }
    return value;
  }

  private static long inRange(String setting, long value, long min, long max) {
    if (value < min || value > max) {
      throw new MigrationConfigException(
          setting, "was " + value + ", allowed range is " + min + " to " + max);
    }
    return value;
  }

  private static int inRange(String setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw new MigrationConfigException(
          setting, "was " + value + ", allowed range is " + min + " to " + max);
    }
    return value;
  }

  private static Duration inRange(String setting, Duration value, Duration min, Duration max) {
    require(setting, value);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new MigrationConfigException(
          setting, "was " + value + ", allowed range is " + min + " to " + max);
    }
    return value;
  }

  /** The migration's id: names checkpoints, transactional ids and log lines. */
  public String id() {
    return id;
  }

  public Source source() {
    return source;
  }

  public Sink sink() {
    return sink;
  }

  public DeliveryGuarantee guarantee() {
    return guarantee;
  }

  /**
   * The checkpoint store: the source of truth for resume when the sink is not transactional; with
   * a transactional sink an optional mirror of what the sink commits.
   */
  public Optional<CheckpointStore> checkpointStore() {
    return checkpointStore;
  }

  public CheckpointTrigger checkpointTrigger() {
    return checkpointTrigger;
  }

  /** Most records the reader asks the source for in one poll. */
  public int batchSize() {
    return batchSize;
  }

  /** Most batches waiting between reader and writer; with {@link #handoffBytes}, the heap bound. */
  public int handoffCapacity() {
    return handoffCapacity;
  }

  /** Most record bytes waiting between reader and writer (one batch more may be let in). */
  public long handoffBytes() {
    return handoffBytes;
  }

  /** How long one source poll waits for records. */
  public Duration pollTimeout() {
    return pollTimeout;
  }

  /** How long {@link Migration#close()} waits for the run to stop. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  public OrderingGuard.Factory ordering() {
    return ordering;
  }

  /**
   * Transforms applied in order after the ordering guard; starts with {@link Provenance#stamp()}
   * when the ordering asks for provenance headers.
   */
  public List<Transform> transforms() {
    return transforms;
  }

  public MigrationListener listener() {
    return listener;
  }

  /** How idempotent adapter calls are retried on a {@code RetriableMigrationException}. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * The checkpoint to roll back to before resuming, if any: the transactional sink (which must be
   * a {@link RewindableSink}) or else the checkpoint store is rolled back to it first.
   */
  public OptionalLong rollbackTo() {
    return rollbackTo;
  }

  /** Largest total lag (position units) at which the run counts as caught up. */
  public long caughtUpLag() {
    return caughtUpLag;
  }

  /** How long the lag must stay at or under {@link #caughtUpLag()} to count as caught up. */
  public Duration caughtUpFor() {
    return caughtUpFor;
  }

  /** Where records a transform rejects go, and how many are tolerated; empty: they fail the run. */
  public Optional<DeadLetterPolicy> deadLetters() {
    return deadLetters;
  }

  /** Where the reader runs; empty means a dedicated thread started and ended by each run. */
  public Optional<Executor> readerExecutor() {
    return readerExecutor;
  }

  @Override
  public String toString() {
    return "MigrationConfig{id="
        + id
        + ", guarantee="
        + guarantee
        + ", source="
        + source
        + ", sink="
        + sink
        + ", checkpointStore="
        + checkpointStore.map(Object::toString).orElse("none")
        + ", batchSize="
        + batchSize
        + ", handoffCapacity="
        + handoffCapacity
        + ", handoffBytes="
        + handoffBytes
        + ", pollTimeout="
        + pollTimeout
        + ", transforms="
        + transforms.size()
        + "}";
  }
}
