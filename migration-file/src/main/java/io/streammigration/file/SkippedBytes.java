package io.streammigration.file;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A range of source bytes a {@link FileSource} did not turn into records, and why: reported by
 * {@link FileSource#skipped()} so no skip is ever silent.
 *
 * @param file the segment file
 * @param offset byte offset where the skipped range starts
 * @param length bytes skipped (for a truncation, the bytes that were lost)
 * @param reason what was wrong
 */
public record SkippedBytes(Path file, long offset, long length, String reason) {
  public SkippedBytes {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
  }
}
