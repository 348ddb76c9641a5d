package io.streammigration.file;

/**
 * What a bounded {@link FileSource} does when a segment ends in the middle of a record (a writer
 * died, or is still appending). A source in follow mode always waits for the rest of the last
 * segment's record instead; half a record is never emitted.
 */
public enum TornTailPolicy {
  /** Throw {@link TornRecordException} naming the file and the byte offset of the torn record. */
  FAIL,
  /**
   * Report the torn bytes in {@link FileSource#skipped()} and stop the segment before them: the
   * last complete record is the segment's last. For the last segment that is the end of input.
   */
  STOP_BEFORE
}
