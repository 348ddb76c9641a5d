package io.streammigration.core.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a run's {@link MigrationStatus} to other threads. The writer posts a new snapshot at
 * each phase change and checkpoint (never per record); retries, which both threads count between
 * checkpoints, are read live.
 */
final class StatusBoard {

  private final String migrationId;
  private final AtomicLong retries = new AtomicLong();
  private volatile MigrationStatus posted;
  private volatile Instant startedAt;
  private volatile Instant lastCheckpointAt;

  StatusBoard(String migrationId) {
    this.migrationId = migrationId;
    this.posted = snapshot(MigrationStatus.Phase.CREATED, null, null);
  }

  /** The counter both threads' retriers add to. */
  AtomicLong retries() {
    return retries;
  }

  void started() {
    startedAt = Instant.now();
  }

  void checkpointCommitted() {
    lastCheckpointAt = Instant.now();
  }

  /** Posts the phase and what {@code progress} (may be null before the run has one) says. */
  synchronized void post(MigrationStatus.Phase phase, Progress progress, Throwable failure) {
    posted = snapshot(phase, progress, failure);
  }

  /**
   * Marks a running run as stopping. Any thread: it reuses the posted numbers rather than read
   * the writer's progress from another thread.
   */
  synchronized void stopping() {
    MigrationStatus s = posted;
    if (s.phase() == MigrationStatus.Phase.RUNNING) {
      posted =
          new MigrationStatus(
              s.migrationId(),
              MigrationStatus.Phase.STOPPING,
              s.startedAt(),
              s.records(),
              s.bytes(),
              s.checkpoints(),
              s.lastCheckpoint(),
              s.lastCheckpointAt(),
              s.deadLetters(),
              s.retries(),
              s.failure());
    }
  }

  /** The latest snapshot, with the live retry count. */
  MigrationStatus current() {
    MigrationStatus s = posted;
    long live = retries.get();
    if (s.retries() == live) {
      return s;
    }
    return new MigrationStatus(
        s.migrationId(),
        s.phase(),
        s.startedAt(),
        s.records(),
        s.bytes(),
        s.checkpoints(),
        s.lastCheckpoint(),
        s.lastCheckpointAt(),
        s.deadLetters(),
        live,
        s.failure());
  }

  private MigrationStatus snapshot(MigrationStatus.Phase phase, Progress p, Throwable failure) {
    return new MigrationStatus(
        migrationId,
        phase,
        Optional.ofNullable(startedAt),
        p == null ? 0 : p.runRecords(),
        p == null ? 0 : p.runBytes(),
        p == null ? 0 : p.runCheckpoints(),
        p == null ? Optional.empty() : p.lastCheckpoint(),
        Optional.ofNullable(lastCheckpointAt),
        p == null ? 0 : p.deadLetters(),
        retries.get(),
        Optional.ofNullable(failure).map(Throwable::toString));
  }
}
