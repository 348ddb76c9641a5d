package io.streammigration.core.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record in flight: bytes in, bytes out. Decoding belongs to transforms, not to the engine.
 *
 * <p>A record is immutable. Its key and value arrays are owned by the record once constructed:
 * neither the creator nor any reader may change them (the engine never copies them, which is what
 * keeps the hot path free of per-record copies).
 *
 * <p>{@link #partition()} and {@link #position()} say where the record came from in the source;
 * transforms keep them, so the engine can checkpoint progress whatever a transform emits.
 */
public final class Record {

  private final byte[] key;
  private final byte[] value;
  private final Headers headers;
  private final long timestamp;
  private final PartitionId partition;
  private final Position position;
  // Computed once, when the arrays are fresh in the creating thread's cache: the engine and the
  // throttles read it for every record on other threads, where the arrays are cold.
  private final int sizeInBytes;

  /**
   * @param key key bytes, or null
   * @param value value bytes, or null (a tombstone)
   * @param headers headers, never null ({@link Headers#EMPTY} for none)
   * @param timestamp epoch milliseconds given by the source
   * @param partition source partition, never null
   * @param position position in the source partition, never null
   */
  public Record(
      byte[] key,
      byte[] value,
      Headers headers,
      long timestamp,
      PartitionId partition,
      Position position) {
    this.key = key;
    this.value = value;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.timestamp = timestamp;
    this.partition = Objects.requireNonNull(partition, "partition");
    this.position = Objects.requireNonNull(position, "position");
    this.sizeInBytes =
        (key == null ? 0 : key.length)
            + (value == null ? 0 : value.length)
            + (headers.isEmpty() ? 0 : headers.estimatedSize());
  }

  /** Key bytes, or null. Do not modify the array. */
  public byte[] key() {
    return key;
  }

  /** Value bytes, or null for a tombstone. Do not modify the array. */
  public byte[] value() {
    return value;
  }

  public Headers headers() {
    return headers;
  }

  /** Epoch milliseconds, as the source reported them. */
  public long timestamp() {
    return timestamp;
  }

  public PartitionId partition() {
    return partition;
  }

  public Position position() {
    return position;
  }

  /** True if the value is null (a delete marker in compacted topics). */
  public boolean isTombstone() {
    return value == null;
  }

  /** Key plus value plus header bytes: what byte-based throttles and counters measure. */
  public int sizeInBytes() {
    return sizeInBytes;
  }

  /** A copy with another value; everything else is kept. */
  public Record withValue(byte[] newValue) {
    return new Record(key, newValue, headers, timestamp, partition, position);
  }

  /** A copy with another key; everything else is kept. */
  public Record withKey(byte[] newKey) {
    return new Record(newKey, value, headers, timestamp, partition, position);
  }

  /** A copy with other headers; everything else is kept. */
  public Record withHeaders(Headers newHeaders) {
    return new Record(key, value, newHeaders, timestamp, partition, position);
  }

  /** Content equality: key, value, headers, timestamp, partition and position. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Record r
        && timestamp == r.timestamp
        && partition.equals(r.partition)
        && position.equals(r.position)
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  /** True if key, value and headers are equal: what a destination must reproduce. */
  public boolean sameContentAs(Record r) {
    return Arrays.equals(key, r.key) && Arrays.equals(value, r.value) && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    int h = partition.hashCode();
    h = 31 * h + position.hashCode();
    h = 31 * h + Arrays.hashCode(key);
    h = 31 * h + Arrays.hashCode(value);
    return h;
  }

  @Override
  public String toString() {
    return "Record{"
        + partition
        + "@"
        + position
        + ", key="
        + (key == null ? "null" : key.length + "B")
        + ", value="
        + (value == null ? "tombstone" : value.length + "B")
        + ", headers="
        + headers.size()
        + ", ts="
        + timestamp
        + "}";
  }
}
