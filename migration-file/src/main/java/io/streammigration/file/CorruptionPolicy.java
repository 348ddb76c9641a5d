package io.streammigration.file;

/**
 * What a {@link FileSource} does with bytes that cannot be a record: a CRC32C mismatch, an
 * impossible frame length, or a record longer than {@code maxRecordSize}.
 */
public enum CorruptionPolicy {
  /**
   * Throw a {@link io.streammigration.core.error.SourceCorruptionException} (or its subtype {@link
   * RecordTooLargeException}) naming the file and byte offset. The default.
   */
  FAIL,
  /**
   * Skip the bad bytes up to the next record boundary (the next frame whose length and checksum are
   * valid; the next line terminator) and go on. Every skip is counted and reported in {@link
   * FileSource#skipped()} and logged at WARN: never silent.
   */
  SKIP
}
