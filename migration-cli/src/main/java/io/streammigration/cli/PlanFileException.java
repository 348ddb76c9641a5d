package io.streammigration.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A mistake in a plan file, found before anything runs: a syntax error, an unknown or repeated key,
 * a missing {@code from} or {@code to}, a repeated stream name, a bad URI or value, a finished
 * stream whose definition changed. The message starts {@code <file>:<line>:} like a compiler's (or
 * {@code <file>:} for a mistake of the whole file) and names the stage, stream and key; it is shown
 * as it is, without a stack trace, and the command exits {@link ExitCode#USAGE}.
 */
public final class PlanFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  /**
   * @param file the plan file
   * @param line the 1-based line the mistake is on, or 0 for the file as a whole
   * @param message what is wrong, naming the stage, stream and key where there is one
   */
  public PlanFileException(Path file, int line, String message) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
  }

  /** The plan file. */
  public Path file() {
    return file;
  }

  /** The line the mistake is on, if it is on one. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }
}
