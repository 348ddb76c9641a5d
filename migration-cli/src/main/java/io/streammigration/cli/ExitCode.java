package io.streammigration.cli;

/**
 * The {@code migrate} command's exit codes, stable for scripts. A run stopped by Ctrl-C or SIGTERM
 * commits a final checkpoint and then ends with the JVM's signal code (130 for SIGINT, 143 for
 * SIGTERM).
 */
public final class ExitCode {

  /** The command did what it was asked: the migration ended, verification passed. */
  public static final int OK = 0;

  /** The migration (or reading an endpoint) failed; nothing after the last checkpoint counts. */
  public static final int FAILED = 1;

  /** A usage or configuration error: bad option, bad URI, unknown scheme. Nothing was started. */
  public static final int USAGE = 2;

  /** Verification ran and a gate failed: the destination does not match the source. */
  public static final int VERIFICATION_FAILED = 3;

  private ExitCode() {}
}
