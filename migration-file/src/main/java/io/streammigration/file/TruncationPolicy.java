package io.streammigration.file;

/**
 * What a {@link FileSource} does when a segment is shorter than the offset it already read to
 * (copytruncate rotation, or a file replaced under the same name and inode).
 */
public enum TruncationPolicy {
  /** Throw {@link SegmentTruncatedException} naming the file, its size and the offset. Default. */
  FAIL,
  /**
   * Report it in {@link FileSource#skipped()} and read the file again from its start as a new
   * segment (a new, higher segment ordinal, so positions still increase). Records written before
   * the truncation and not yet read are lost; that is what copytruncate does.
   */
  RESTART_SEGMENT
}
