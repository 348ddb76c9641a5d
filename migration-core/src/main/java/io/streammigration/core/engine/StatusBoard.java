package io.streammigration.core.engine;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a run's {@link MigrationStatus} to other threads and works out its phase.
 *
 * <p>The writer {@link #refresh}es it a few times a second and at each checkpoint (never per
 * record), reading its own progress; the reader posts where the source's partitions end; any
 * thread reads {@link #current()}. Retries, counted by both threads, are read live.
 */
final class StatusBoard {

  private static final long RATE_WINDOW_NANOS = 1_000_000_000L;

  private final String migrationId;
  private final MigrationListener listener;
  private final long caughtUpLag;
  private final long caughtUpForNanos;
  private final AtomicLong retries = new AtomicLong();
  private volatile MigrationStatus posted;
  private volatile Map<PartitionId, Position> ends = Map.of();

  // Writer thread only.
  private Instant startedAt;
  private Instant lastCheckpointAt;
  private long lagLowSince = -1;
  private boolean caughtUp;
  private boolean draining;
  private long rateWindowStart;
  private long rateWindowRecords;
  private double recordsPerSecond;
  private MigrationStatus.Phase announced = MigrationStatus.Phase.CREATED;

  StatusBoard(
      String migrationId, long caughtUpLag, Duration caughtUpFor, MigrationListener listener) {
    this.migrationId = migrationId;
    this.listener = listener;
    this.caughtUpLag = caughtUpLag;
    this.caughtUpForNanos = caughtUpFor.toNanos();
    this.posted =
        new MigrationStatus(
            migrationId, MigrationStatus.Phase.CREATED, Optional.empty(), 0, 0, 0,
            OptionalLong.empty(), Map.of(), 0, Optional.empty(), Optional.empty(), 0, 0,
            Optional.empty());
  }

  /** The counter both threads' retriers add to. */
  AtomicLong retries() {
    return retries;
  }

  /** Reader side: where the source's partitions end now. */
  void ends(Map<PartitionId, Position> current) {
    ends = Map.copyOf(current);
  }

  /** Writer side: the run started. */
  void started(long nowNanos) {
    startedAt = Instant.now();
    rateWindowStart = nowNanos;
  }

  /** Writer side: a checkpoint was committed. */
  void checkpointCommitted() {
    lastCheckpointAt = Instant.now();
  }

  /** Writer side: from now on the run drains to fixed positions. */
  void draining() {
    draining = true;
  }

  /**
   * Writer side: posts progress, lag, rate and the phase they imply.
   *
   * @param stopping true once a graceful stop was requested
   */
  void refresh(Progress progress, boolean stopping, long nowNanos) {
    Map<PartitionId, Long> lag = lag(progress);
    OptionalLong total =
        lag.isEmpty() ? OptionalLong.empty() : OptionalLong.of(lag.values().stream().mapToLong(Long::longValue).sum());
    long seen = progress.recordsSeen(0);
    if (nowNanos - rateWindowStart >= RATE_WINDOW_NANOS) {
      recordsPerSecond = (seen - rateWindowRecords) * 1e9 / (nowNanos - rateWindowStart);
      rateWindowStart = nowNanos;
      rateWindowRecords = seen;
    }
    MigrationStatus.Phase phase;
    if (draining) {
      phase = MigrationStatus.Phase.DRAINING;
    } else if (stopping) {
      phase = MigrationStatus.Phase.STOPPING;
    } else if (total.isEmpty()) {
      phase = MigrationStatus.Phase.RUNNING;
    } else {
      phase = caughtUp(total.getAsLong(), nowNanos)
          ? MigrationStatus.Phase.CAUGHT_UP
          : MigrationStatus.Phase.BACKFILL;
    }
    post(phase, progress, total, lag, null);
    announce(phase);
  }

  /** Writer side: the run ended, normally ({@code failure} null) or not. */
  void ended(Progress progress, Throwable failure) {
    MigrationStatus.Phase phase =
        failure == null ? MigrationStatus.Phase.FINISHED : MigrationStatus.Phase.FAILED;
    post(phase, progress, posted.lag(), posted.partitionLag(), failure);
    announce(phase);
  }

  /** Writer side: tells the listener of a phase change since the last announcement. */
  private void announce(MigrationStatus.Phase phase) {
    if (phase != announced) {
      MigrationStatus.Phase from = announced;
      announced = phase;
      listener.onPhaseChanged(from, phase);
    }
  }

  /**
   * Any thread: marks a running run as stopping, keeping the posted numbers. A draining run stays
   * DRAINING: its stop is the drain's own end.
   */
  synchronized void stopping() {
    MigrationStatus s = posted;
    if (s.isActive()
        && s.phase() != MigrationStatus.Phase.CREATED
        && s.phase() != MigrationStatus.Phase.DRAINING) {
      posted = s.withPhase(MigrationStatus.Phase.STOPPING);
    }
  }

  /** The latest snapshot, with the live retry count. */
  MigrationStatus current() {
    MigrationStatus s = posted;
    long live = retries.get();
    return s.retries() == live ? s : s.withRetries(live);
  }

  private boolean caughtUp(long totalLag, long nowNanos) {
    if (totalLag > caughtUpLag) {
      lagLowSince = -1;
      caughtUp = false;
    } else if (lagLowSince < 0) {
      lagLowSince = nowNanos;
    } else if (nowNanos - lagLowSince >= caughtUpForNanos) {
      caughtUp = true;
    }
    return caughtUp;
  }

  /** Lag per partition whose end is known; across segments, a lower bound. */
  private Map<PartitionId, Long> lag(Progress progress) {
    Map<PartitionId, Position> known = ends;
    if (known.isEmpty()) {
      return Map.of();
    }
    Map<PartitionId, Long> lag = new HashMap<>();
    known.forEach(
        (partition, end) -> {
          Position delivered = progress.position(partition);
          long behind;
          if (delivered == null) {
            behind = end.offset() + (end.segment() == 0 ? 1 : 0);
          } else if (delivered.compareTo(end) >= 0) {
            behind = 0;
          } else if (delivered.segment() == end.segment()) {
            behind = end.offset() - delivered.offset();
          } else {
            behind = end.offset();
          }
          lag.put(partition, behind);
        });
    return lag;
  }

  private synchronized void post(
      MigrationStatus.Phase phase,
      Progress p,
      OptionalLong lag,
      Map<PartitionId, Long> partitionLag,
      Throwable failure) {
    posted =
        new MigrationStatus(
            migrationId,
            phase,
            Optional.ofNullable(startedAt),
            p == null ? 0 : p.runRecords(),
            p == null ? 0 : p.runBytes(),
            recordsPerSecond,
            lag,
            partitionLag,
            p == null ? 0 : p.runCheckpoints(),
            p == null ? Optional.empty() : p.lastCheckpoint(),
            Optional.ofNullable(lastCheckpointAt),
            p == null ? 0 : p.deadLetters(),
            retries.get(),
            Optional.ofNullable(failure).map(Throwable::toString));
  }
}
