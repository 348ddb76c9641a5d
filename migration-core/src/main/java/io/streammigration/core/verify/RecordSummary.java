package io.streammigration.core.verify;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.util.Objects;

/**
 * A short description of one record, enough to find it and eyeball the difference without holding
 * the record: where it is, its timestamp, its key and value sizes and a hex preview of their first
 * {@value #PREVIEW_BYTES} bytes.
 *
 * @param partition the partition the record was read from (for a destination record, the
 *     destination's own partition)
 * @param position its position in that partition
 * @param timestamp its timestamp, epoch millis
 * @param keySize key length in bytes, or -1 for a null key
 * @param valueSize value length in bytes, or -1 for a tombstone
 * @param headerCount number of headers (provenance headers included)
 * @param keyPrefix hex of the key's first bytes ("" when null or empty)
 * @param valuePrefix hex of the value's first bytes ("" when null or empty)
 */
public record RecordSummary(
    PartitionId partition,
    Position position,
    long timestamp,
    int keySize,
    int valueSize,
    int headerCount,
    String keyPrefix,
    String valuePrefix) {

  /** Bytes of key and value shown in the hex previews. */
  public static final int PREVIEW_BYTES = 8;

  public RecordSummary {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(valuePrefix, "valuePrefix");
  }

  /** The summary of {@code record}. */
  public static RecordSummary of(Record record) {
    return new RecordSummary(
        record.partition(),
        record.position(),
        record.timestamp(),
        record.key() == null ? -1 : record.key().length,
        record.value() == null ? -1 : record.value().length,
        record.headers().size(),
        Hex.of(record.key(), PREVIEW_BYTES),
        Hex.of(record.value(), PREVIEW_BYTES));
  }

  @Override
  public String toString() {
    return partition
        + "@"
        + position
        + " key="
        + (keySize < 0 ? "null" : keySize + "B[" + keyPrefix + "]")
        + " value="
        + (valueSize < 0 ? "tombstone" : valueSize + "B[" + valuePrefix + "]")
        + " headers="
        + headerCount;
  }

  void writeTo(JsonWriter json) {
    json.beginObject()
        .field("partition", partition.name())
        .field("position", position.toString())
        .field("timestamp", timestamp)
        .field("keySize", keySize)
        .field("valueSize", valueSize)
        .field("headerCount", headerCount)
        .field("keyPrefix", keyPrefix)
        .field("valuePrefix", valuePrefix)
        .endObject();
  }
}
