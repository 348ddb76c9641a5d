package io.streammigration.core.verify;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.MigrationResult;
import java.util.Objects;

/**
 * Errors and dead letters of the migration being verified, which the destination cannot show:
 * the caller supplies them (from its listener, or from a {@link MigrationResult} plus its own
 * dead-letter count, since the result does not carry errors or dead letters).
 *
 * @param processed records the migration processed, the denominator of {@link #ratio()}
 * @param errors records that failed
 * @param deadLetters records sent to a dead-letter destination
 */
public record ErrorCounts(long processed, long errors, long deadLetters) {

  public ErrorCounts {
    if (processed < 0 || errors < 0 || deadLetters < 0) {
      throw new IllegalArgumentException(
          "error counts must be >= 0, were processed="
              + processed
              + ", errors="
              + errors
              + ", deadLetters="
              + deadLetters);
    }
  }

  /**
   * Counts for a migration whose last run returned {@code result}. Processed records are the
   * source records its last checkpoint covers (cumulative across restarts, unlike {@link
   * MigrationResult#records()}, which counts one run), or the run's records if it has no
   * checkpoint, plus the errors and dead letters given, which the result does not carry.
   */
  public static ErrorCounts of(MigrationResult result, long errors, long deadLetters) {
    Objects.requireNonNull(result, "result");
    long delivered = result.lastCheckpoint().map(Checkpoint::records).orElse(result.records());
    return new ErrorCounts(delivered + errors + deadLetters, errors, deadLetters);
  }

  /** (errors + dead letters) / processed; 0 when nothing was processed. */
  public double ratio() {
    return processed == 0 ? 0.0 : (double) (errors + deadLetters) / processed;
  }

  void writeTo(JsonWriter json) {
    json.beginObject()
        .field("processed", processed)
        .field("errors", errors)
        .field("deadLetters", deadLetters)
        .field("ratio", ratio())
        .endObject();
  }
}
