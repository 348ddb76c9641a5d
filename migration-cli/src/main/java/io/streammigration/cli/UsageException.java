package io.streammigration.cli;

/**
 * An operator error detected by a command after option parsing (an option combination, a missing
 * state directory): shown with the usage and exit code {@link ExitCode#USAGE}, never with a stack
 * trace. The message names the option or file.
 */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
