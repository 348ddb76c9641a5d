package io.streammigration.core.checkpoint;

import io.streammigration.core.error.MigrationConfigException;

/** How many checkpoints a store keeps for rollback; shared so every store validates alike. */
final class Retention {

  static final int DEFAULT_KEEP = 10;
  static final int MIN_KEEP = 1;

  /** Every store lists or scans what it keeps on each operation, so the count stays modest. */
  static final int MAX_KEEP = 10_000;

  private Retention() {}

  static int checkKeep(int keep) {
    if (keep < MIN_KEEP || keep > MAX_KEEP) {
      throw new MigrationConfigException(
          "keep",
          "must be between " + MIN_KEEP + " and " + MAX_KEEP + " checkpoints, was " + keep);
    }
    return keep;
  }

  static int checkMax(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, was " + max);
    }
    return max;
  }
}
