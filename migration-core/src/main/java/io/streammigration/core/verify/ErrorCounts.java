package io.streammigration.core.verify;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.MigrationResult;
import java.util.Objects;

/**
 * Errors and dead letters of the migration being verified, which the destination cannot show:
 * the caller supplies them (from its listener, from a checkpoint, or from a {@link
 * MigrationResult} with {@link #of}).
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
   * checkpoint: every source record, whatever became of it, so dead-lettered ones are among them
   * and are not added again. Dead letters are the result's (cumulative too); {@code errors} are
   * the caller's own count, which the result does not carry.
   */
  public static ErrorCounts of(MigrationResult result, long errors) {
    Objects.requireNonNull(result, "result");
    long processed = result.lastCheckpoint().map(Checkpoint::records).orElse(result.records());
    return new ErrorCounts(processed, errors, result.deadLetters());
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
