package io.streammigration.cli;

/**
 * The {@code migrate} command's exit codes, stable for scripts. A run stopped by Ctrl-C or SIGTERM
 * commits a final checkpoint and then ends with the JVM's signal code (130 for SIGINT, 143 for
 * SIGTERM). A {@code verify --follow} stopped that way ends with its final report's code instead
 * ({@link #OK} or {@link #VERIFICATION_FAILED}): stopping is how it is meant to end.
 */
public final class ExitCode {

  /** The command did what it was asked: the migration ended, verification passed. */
  public static final int OK = 0;

  /** The migration (or reading an endpoint) failed; nothing after the last checkpoint counts. */
  public static final int FAILED = 1;

  /** A usage or configuration error: bad option, bad URI, unknown scheme. Nothing was started. */
  public static final int USAGE = 2;

  /**
   * Verification ran and a gate failed: the destination does not match the source ({@code
   * verify}, {@code run --cutover --verify}, a plan's gate), or corrupt data was found; or a {@code
   * replay-check}'s two reads of one range differ.
   */
  public static final int VERIFICATION_FAILED = 3;

  /**
   * {@code migrate run --cutover}: the lag did not stay low enough within {@code --cutover-wait}.
   * Nothing was switched; the run stopped with a final checkpoint, so running the same command
   * again resumes and retries. The cutover codes start at 10, apart from the general ones.
   */
  public static final int NOT_CAUGHT_UP = 10;

  /**
   * {@code migrate run --cutover}: the {@code --before-drain} command failed (non-zero exit, or it
   * could not start). Nothing was drained; the run stopped with a final checkpoint. Undo or finish
   * what the command did, then run again to retry.
   */
  public static final int CUTOVER_ABORTED = 11;

  /**
   * {@code migrate run --cutover}: the migration drained and stopped at the end it printed, but
   * the {@code --after-drain} command failed. The migration is over; finish the command's work by
   * hand.
   */
  public static final int AFTER_DRAIN_FAILED = 12;

  private ExitCode() {}
}
