package io.streammigration.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.schema.UnknownVersionPolicy;
import io.streammigration.core.schema.Upcasting;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The v1 -> v2 -> v3 chain shown in migration-json/README.md, run as written there. */
class UpcastingChainExampleTest {

  // --- as in the README ---
  static final Upcasting USERS_TO_V3 =
      Upcasting.builder()
          .versionFromHeader("schema-version")
          .register(1, JsonFieldMapping.builder()          // v1 -> v2
              .rename("user_name", "user.name")
              .addDefault("country", "\"NL\"")
              .build())
          .register(2, JsonFieldMapping.builder()          // v2 -> v3
              .nest("address", "street", "city")
              .drop("legacy_id")
              .build())
          .target(3)
          .onUnknownVersion(UnknownVersionPolicy.DEAD_LETTER)
          .build();
  // ---

  private static Record record(String version, String json) {
    return new Record(
        null,
        json.getBytes(StandardCharsets.UTF_8),
        Headers.of(Header.ofUtf8("schema-version", version)),
        0L,
        PartitionId.of("users-0"),
        Position.of(1));
  }

  private static String value(Record r) {
    return new String(r.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aV1RecordGoesThroughBothStepsToV3() {
    Record v3 =
        USERS_TO_V3.upcast(
            record("1", "{\"user_name\":\"ann\",\"street\":\"Main 1\",\"city\":\"Delft\",\"legacy_id\":7}"));

    assertThat(value(v3))
        .isEqualTo(
            "{\"user\":{\"name\":\"ann\"},\"country\":\"NL\",\"address\":{\"street\":\"Main 1\",\"city\":\"Delft\"}}");
    assertThat(v3.headers().lastNamed("schema-version")).contains(Header.ofUtf8("schema-version", "3"));
  }

  @Test
  void aV2RecordTakesOnlyTheLastStep() {
    Record v3 =
        USERS_TO_V3.upcast(
            record("2", "{\"user\":{\"name\":\"bob\"},\"country\":\"BE\",\"street\":\"Dorp 2\",\"city\":\"Gent\"}"));

    assertThat(value(v3))
        .isEqualTo(
            "{\"user\":{\"name\":\"bob\"},\"country\":\"BE\",\"address\":{\"street\":\"Dorp 2\",\"city\":\"Gent\"}}");
  }
}
