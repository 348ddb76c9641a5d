package io.streammigration.file;

/**
 * How records are laid out in a file. See the module README for the exact byte layouts.
 *
 * <ul>
 *   <li>{@link #FRAMED}: a segment header, then length- and CRC32C-framed records carrying
 *       timestamp, key, value, headers and the record's origin (partition and position). Torn and
 *       corrupt records are detected. The {@link FileSink} default.
 *   <li>{@link #NEWLINE_DELIMITED}: each line is one record's value, LF or CRLF terminated. Lines
 *       are bytes: no charset decoding. Keys and headers are not stored; timestamps are 0.
 * </ul>
 */
public enum RecordFormat {
  FRAMED,
  NEWLINE_DELIMITED;

  /** Bytes at the start of every segment file before its first record: the framed header, or 0. */
  int segmentHeaderSize() {
    return this == FRAMED ? FramedFormat.SEGMENT_HEADER_SIZE : 0;
  }
}
