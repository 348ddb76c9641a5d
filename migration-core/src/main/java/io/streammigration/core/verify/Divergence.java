package io.streammigration.core.verify;

import java.util.Optional;

/**
 * Where a partition's destination sequence first departs from its source sequence: the records at
 * the same {@link #index()} on both sides differ, or one side has no record there because it
 * ended.
 *
 * @param index zero-based ordinal of the first differing record within the partition (records
 *     before it are equal on both sides, in order)
 * @param source the source record at that index, or empty if the source had no more records
 * @param destination the destination record at that index, or empty if the destination had no more
 */
public record Divergence(
    long index, Optional<RecordSummary> source, Optional<RecordSummary> destination) {

  @Override
  public String toString() {
    return "#"
        + index
        + ": source "
        + source.map(RecordSummary::toString).orElse("(none)")
        + ", destination "
        + destination.map(RecordSummary::toString).orElse("(none)");
  }

  void writeTo(JsonWriter json) {
    json.beginObject().field("index", index).name("source");
    if (source.isPresent()) {
      source.get().writeTo(json);
    } else {
      json.nullValue();
    }
    json.name("destination");
    if (destination.isPresent()) {
      destination.get().writeTo(json);
    } else {
      json.nullValue();
    }
    json.endObject();
  }
}
