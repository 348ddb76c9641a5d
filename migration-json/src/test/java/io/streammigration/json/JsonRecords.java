package io.streammigration.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Records holding JSON text, and their values read back as trees, for the tests. */
final class JsonRecords {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonRecords() {}

  static Record record(String json) {
    return new Record(
        "k".getBytes(StandardCharsets.UTF_8),
        json == null ? null : json.getBytes(StandardCharsets.UTF_8),
        Headers.of(Header.ofUtf8("schema-version", "1")),
        7L,
        PartitionId.of("users-2"),
        Position.of(99));
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(Record record) {
    return tree(new String(record.value(), StandardCharsets.UTF_8));
  }

  static String text(Record record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }
}
