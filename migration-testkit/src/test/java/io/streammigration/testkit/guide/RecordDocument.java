package io.streammigration.testkit.guide;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file format of the guide's example adapters: one record per file, as a one-line JSON
 * document (wrapped here).
 *
 * <pre>{@code
 * {"key":"a2V5LTM=","value":null,"timestamp":1700000000004,
 *  "headers":[{"name":"aA==","value":null}]}
 * }</pre>
 *
 * <p>Every byte field (key, value, header names and values) is base64, and a missing one is
 * {@code null}: the migration moves bytes, so the format must carry any byte array exactly, and
 * base64 needs no escaping rules. The decoder accepts only this canonical layout, so a real JSON
 * library is not needed; a production adapter would use one and accept any valid JSON.
 */
final class RecordDocument {

  private static final String B64 = "\"[A-Za-z0-9+/=]*\"";
  private static final Pattern DOCUMENT =
      Pattern.compile(
          "\\{\"key\":(null|" + B64 + "),\"value\":(null|" + B64 + "),"
              + "\"timestamp\":(-?\\d{1,19}),\"headers\":\\[(.*)]}\n?",
          Pattern.DOTALL);
  private static final Pattern HEADER =
      Pattern.compile("\"name\":(" + B64 + "),\"value\":(null|" + B64 + ")");

  private RecordDocument() {}

  /** The document holding {@code record}'s key, value, timestamp and headers, UTF-8. */
  static byte[] encode(Record record) {
    StringBuilder json = new StringBuilder(64 + record.sizeInBytes() * 4 / 3);
    json.append("{\"key\":").append(base64(record.key()));
    json.append(",\"value\":").append(base64(record.value()));
    json.append(",\"timestamp\":").append(record.timestamp());
    json.append(",\"headers\":[");
    for (int i = 0; i < record.headers().size(); i++) {
      Header h = record.headers().get(i);
      json.append(i == 0 ? "" : ",");
      json.append("{\"name\":").append(base64(h.name().getBytes(StandardCharsets.UTF_8)));
      json.append(",\"value\":").append(base64(h.value())).append('}');
    }
    return json.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The record a document holds, at {@code partition} and {@code position} (which come from where
   * the file is, not from its content).
   *
   * @throws IllegalArgumentException if the bytes are not a document in the canonical layout
   */
  static Record decode(byte[] document, PartitionId partition, Position position) {
    Matcher m = DOCUMENT.matcher(new String(document, StandardCharsets.UTF_8));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a record document (expected " + DOCUMENT + ")");
    }
    List<Header> headers = new ArrayList<>();
    String list = m.group(4);
    if (!list.isEmpty()) {
      if (!list.startsWith("{") || !list.endsWith("}")) {
        throw new IllegalArgumentException("malformed header list: " + list);
      }
      // Base64 holds no braces, so "},{" can only separate two headers.
      for (String header : list.substring(1, list.length() - 1).split("},\\{", -1)) {
        Matcher h = HEADER.matcher(header);
        if (!h.matches()) {
          throw new IllegalArgumentException("malformed header: {" + header + "}");
        }
        String name = new String(bytes(h.group(1)), StandardCharsets.UTF_8);
        headers.add(Header.of(name, bytes(h.group(2))));
      }
    }
    return new Record(
        bytes(m.group(1)),
        bytes(m.group(2)),
        Headers.of(headers),
        Long.parseLong(m.group(3)),
        partition,
        position);
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? "null" : '"' + Base64.getEncoder().encodeToString(bytes) + '"';
  }

  private static byte[] bytes(String jsonValue) {
    if (jsonValue.equals("null")) {
      return null;
    }
    return Base64.getDecoder().decode(jsonValue.substring(1, jsonValue.length() - 1));
  }
}
