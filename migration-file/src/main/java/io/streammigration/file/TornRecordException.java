package io.streammigration.file;

import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;

/**
 * A bounded source reached the end of a segment in the middle of a record and its {@link
 * TornTailPolicy} is FAIL. {@link #location()} is the file; {@link #position()} holds the byte
 * offset where the torn record starts.
 */
public class TornRecordException extends SourceCorruptionException {
  public TornRecordException(String file, PartitionId partition, Position position, long bytes) {
    super(
        file,
        partition,
        position,
        "torn record at byte offset "
            + position.offset()
            + ": the file ends "
            + bytes
            + " bytes into it");
  }
}
