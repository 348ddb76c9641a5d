package io.streammigration.core.verify;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.ordering.Provenance;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Checks that a destination holds what the source holds, by reading both through the {@link
 * Source} SPI (the destination read back by a source over it) and comparing them partition by
 * partition. A migration is trusted once a verifier's report passes.
 *
 * <h2>What is compared</h2>
 *
 * Each record's content (key, value and headers, in order; not timestamp, partition or position,
 * which a destination assigns itself) is hashed with SHA-256; headers the {@link
 * Builder#ignoreHeaders} predicate names, by default the {@link Provenance} headers, are skipped on
 * both sides. Destination records are assigned to a source partition by the {@link
 * PartitionMapping}. See {@link PartitionDigest} for the digests and {@link PartitionReport} for
 * the counts and their limits.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #builder()}, then {@link Builder#build()}, which validates every setting.
 *   <li>{@link #verify()} (or {@link #follow()} for live sources), once, on the caller's thread (no threads are started): it opens both
 *       sources with fresh contexts (nothing is committed, see {@link
 *       io.streammigration.core.spi.SourceContext#commitAndRelease}: it returns empty), polls them
 *       alternately until each ends, reaches its range's end or stays idle for the idle timeout,
 *       closes both (also on failure), and returns the report. It blocks for as long as reading
 *       takes.
 * </ol>
 *
 * <h2>Memory</h2>
 *
 * Bounded whatever the streams' sizes: digests and counters per partition, plus per partition two
 * windows of at most {@link Builder#window} record ids and the records one side has delivered
 * ahead of the other, at most {@link Builder#maxPending} in all per side (more, and alignment is
 * given up for the partition furthest apart; digests stay exact). Records themselves are never
 * kept.
 */
public final class Verifier {

  /** Default {@link Builder#batchSize}. */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  /** Default {@link Builder#window}. */
  public static final int DEFAULT_WINDOW = 4096;

  /** Default {@link Builder#maxPending}. */
  public static final int DEFAULT_MAX_PENDING = 100_000;

  final Source source;
  final Source destination;
  final ReadRange sourceRange;
  final ReadRange destinationRange;
  final PartitionMapping mapping;
  final Predicate<String> ignoredHeader;
  final ToLongFunction<Record> arrivalTime;
  final List<Gate> gates;
  final Optional<ErrorCounts> errors;
  final int batchSize;
  final Duration pollTimeout;
  final Duration idleTimeout;
  final int window;
  final int maxPending;
  final DriftListener driftListener;
  private final AtomicBoolean used = new AtomicBoolean();
  private volatile boolean following;
  private volatile boolean stopRequested;

  private Verifier(Builder b) {
    this.source = require("source", b.source);
    this.destination = require("destination", b.destination);
    if (source == destination) {
      throw new MigrationConfigException(
          "destination", "must be another Source instance than the source: each is opened once");
    }
    this.sourceRange = b.sourceRange;
    this.destinationRange = b.destinationRange;
    this.mapping = b.mapping;
    this.ignoredHeader = b.ignoredHeader;
    this.arrivalTime = b.arrivalTime;
    this.gates = b.gates.isEmpty() ? List.of(Gate.exactEquality()) : List.copyOf(b.gates);
    this.errors = Optional.ofNullable(b.errors);
    this.batchSize = b.batchSize;
    this.pollTimeout = b.pollTimeout;
    this.idleTimeout = b.idleTimeout;
    this.window = b.window;
    this.maxPending = b.maxPending;
    this.driftListener = b.driftListener;
    if (maxPending <= window) {
      throw new MigrationConfigException(
          "maxPending",
          "must be greater than window (" + window + ") so a partition can look ahead, was "
              + maxPending);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads both sides and compares them. Call once: the sources are opened and closed here.
   *
   * @throws IllegalStateException if called a second time
   * @throws io.streammigration.core.error.MigrationException from either source, or from the
   *     partition mapping for a malformed provenance header
   */
  public VerificationReport verify() {
    return run();
  }

  /**
   * Continuous verification: like {@link #verify()}, but a side that delivers nothing is waited
   * for instead of stopping after the idle timeout, so the comparison keeps up with live sources
   * and each {@link Drift} reaches the {@link Builder#driftListener} as it is found. Runs on the
   * caller's thread, blocking, until a side ends or reaches its range's end, or until {@link
   * #stopFollowing()} is called (from any thread); from then on it behaves as {@link #verify()}:
   * it reads on until both sides are idle, so what is in flight is still compared, and returns the
   * report. Memory stays bounded as in {@link #verify()}, however long it runs.
   *
   * @throws IllegalStateException if this verifier already ran
   */
  public VerificationReport follow() {
    following = true;
    // A stop asked for before this point must not be lost (it was, when this set the flag last):
    // with the flag set first and the request read after, every interleaving ends stopped.
    if (stopRequested) {
      following = false;
    }
    return run();
  }

  /**
   * Ends {@link #follow()}: it catches up (until both sides are idle) and returns. Safe from any
   * thread, also before {@code follow()} has started (it then follows not at all); idempotent.
   */
  public void stopFollowing() {
    stopRequested = true;
    following = false;
  }

  boolean isFollowing() {
    return following;
  }

  private VerificationReport run() {
    if (!used.compareAndSet(false, true)) {
      throw new IllegalStateException("a verifier runs once: its sources were opened and closed");
    }
    Findings findings = new VerificationRun(this).run();
    List<GateResult> results = new ArrayList<>(gates.size());
    for (Gate gate : gates) {
      results.add(gate.evaluate(findings));
    }
    return new VerificationReport(findings, results);
  }

  private static <T> T require(String setting, T value) {
    if (value == null) {
      throw new MigrationConfigException(setting, "is required");
    }
    return value;
  }

  /** The default header filter: the provenance headers, which only the destination carries. */
  static boolean isProvenanceHeader(String name) {
    return name.equals(Provenance.PARTITION) || name.equals(Provenance.POSITION);
  }

  /** Builds a {@link Verifier}; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private Source source;
    private Source destination;
    private ReadRange sourceRange = ReadRange.all();
    private ReadRange destinationRange = ReadRange.all();
    private PartitionMapping mapping = PartitionMapping.provenanceOrSameName();
    private Predicate<String> ignoredHeader = Verifier::isProvenanceHeader;
    private ToLongFunction<Record> arrivalTime = Record::timestamp;
    private final List<Gate> gates = new ArrayList<>();
    private ErrorCounts errors;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration pollTimeout = Duration.ofMillis(100);
    private Duration idleTimeout = Duration.ofSeconds(10);
    private int window = DEFAULT_WINDOW;
    private int maxPending = DEFAULT_MAX_PENDING;
    private DriftListener driftListener = DriftListener.NONE;

    private Builder() {}

    /** The source side, not yet opened. Required. */
    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    /** A source reading the destination back, not yet opened. Required. */
    public Builder destination(Source destination) {
      this.destination = destination;
      return this;
    }

    /**
     * Which source records to verify. Default: all. When the range is bounded or starts at a
     * checkpoint, destination records whose provenance position lies outside it are left out
     * (counted as out of range); destination records without provenance cannot be placed, so
     * bound the destination too with {@link #destinationRange}, or they count as unexpected.
     */
    public Builder sourceRange(ReadRange range) {
      this.sourceRange = nonNull("sourceRange", range);
      return this;
    }

    /** Which destination records to read, in destination positions. Default: all. */
    public Builder destinationRange(ReadRange range) {
      this.destinationRange = nonNull("destinationRange", range);
      return this;
    }

    /** Maps destination records to source partitions. Default: {@link PartitionMapping#provenanceOrSameName()}. */
    public Builder partitionMapping(PartitionMapping mapping) {
      this.mapping = nonNull("partitionMapping", mapping);
      return this;
    }

    /**
     * Header names left out of the comparison on both sides (headers a migration adds on
     * purpose). Default: the two {@link Provenance} headers.
     */
    public Builder ignoreHeaders(Predicate<String> ignored) {
      this.ignoredHeader = nonNull("ignoreHeaders", ignored);
      return this;
    }

    /**
     * When a destination record arrived, epoch millis, for latency. Default: the destination
     * record's timestamp (right for destinations that stamp append time, such as Kafka topics
     * with LogAppendTime).
     */
    public Builder arrivalTime(ToLongFunction<Record> arrivalTime) {
      this.arrivalTime = nonNull("arrivalTime", arrivalTime);
      return this;
    }

    /** Adds a gate. Default, when none is added: {@link Gate#exactEquality()}. */
    public Builder gate(Gate gate) {
      gates.add(nonNull("gate", gate));
      return this;
    }

    /**
     * Told of each drift (missing, duplicate, late, unexpected record) as it is found, during
     * {@link Verifier#verify()} and {@link Verifier#follow()}. Default: {@link DriftListener#NONE}.
     */
    public Builder driftListener(DriftListener listener) {
      this.driftListener = nonNull("driftListener", listener);
      return this;
    }

    /** The migration's error and dead-letter counts, for {@link Gate#maxErrorRatio}. */
    public Builder errorCounts(ErrorCounts errors) {
      this.errors = nonNull("errorCounts", errors);
      return this;
    }

    /** Records asked of a source per poll, 1 to 1 000 000. Default {@value #DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 1_000_000) {
        throw new MigrationConfigException("batchSize", "must be in [1, 1000000], was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** How long one poll may wait, positive. Default 100 ms. */
    public Builder pollTimeout(Duration timeout) {
      this.pollTimeout = positive("pollTimeout", timeout);
      return this;
    }

    /**
     * How long a side may deliver nothing before reading it stops (for live sources without a
     * range end), positive. Default 10 s.
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /**
     * Records remembered per partition to classify duplicates, late and missing records, and how
     * far ahead a destination record is looked for, 1 to 1 048 576. Default {@value
     * #DEFAULT_WINDOW}.
     */
    public Builder window(int window) {
      if (window < 1 || window > 1 << 20) {
        throw new MigrationConfigException("window", "must be in [1, 1048576], was " + window);
      }
      this.window = window;
      return this;
    }

    /**
     * Records one side may have delivered ahead of the other, over all partitions, before the
     * verifier stops reading it (and, if both are ahead, gives up alignment for a partition).
     * Greater than the window. Default {@value #DEFAULT_MAX_PENDING}.
     */
    public Builder maxPending(int maxPending) {
      if (maxPending < 2) {
        throw new MigrationConfigException("maxPending", "must be >= 2, was " + maxPending);
      }
      this.maxPending = maxPending;
      return this;
    }

    /**
     * The verifier.
     *
     * @throws MigrationConfigException naming the setting if one is missing or inconsistent
     */
    public Verifier build() {
      return new Verifier(this);
    }

    private static <T> T nonNull(String setting, T value) {
      if (value == null) {
        throw new MigrationConfigException(setting, "must not be null");
      }
      return value;
    }

    private static Duration positive(String setting, Duration d) {
      nonNull(setting, d);
      if (d.isZero() || d.isNegative()) {
        throw new MigrationConfigException(setting, "must be positive, was " + d);
      }
      return d;
    }
  }
}
