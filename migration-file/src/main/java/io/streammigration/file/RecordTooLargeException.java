package io.streammigration.file;

import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;

/**
 * A line or frame longer than the configured {@code maxRecordSize}. The source stops reading it as
 * soon as the limit is passed, so a runaway line never fills the heap. {@link #position()} holds
 * the byte offset where the record starts.
 */
public class RecordTooLargeException extends SourceCorruptionException {
  public RecordTooLargeException(
      String file, PartitionId partition, Position position, String problem) {
    super(file, partition, position, problem);
  }
}
