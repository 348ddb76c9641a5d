package io.streammigration.file;

import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;

/**
 * A segment is shorter than the offset already read (or checkpointed) in it, or it is not the file
 * that was read before, and the {@link TruncationPolicy} is FAIL. {@link #position()} holds the
 * offset that can no longer be trusted.
 */
public class SegmentTruncatedException extends SourceCorruptionException {
  public SegmentTruncatedException(
      String file, PartitionId partition, Position position, String problem) {
    super(file, partition, position, problem);
  }
}
