package io.streammigration.json;

import static io.streammigration.json.JsonRecords.record;
import static io.streammigration.json.JsonRecords.text;
import static io.streammigration.json.JsonRecords.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import org.junit.jupiter.api.Test;

class JsonFieldMappingTest {

  @Test
  void renameMovesAFieldIntoNewlyCreatedObjects() {
    Record out =
        JsonFieldMapping.builder().rename("user_name", "user.name").build()
            .upcast(record("{\"id\":1,\"user_name\":\"ann\"}"));
    assertThat(text(out)).isEqualTo("{\"id\":1,\"user\":{\"name\":\"ann\"}}");
  }

  @Test
  void renameOfAnAbsentFieldChangesNothing() {
    Record out =
        JsonFieldMapping.builder().rename("missing", "other").build().upcast(record("{\"a\":1}"));
    assertThat(tree(out)).isEqualTo(tree("{\"a\":1}"));
  }

  @Test
  void renameOutOfAnObjectRemovesTheObjectItEmptied() {
    Record out =
        JsonFieldMapping.builder().rename("user.name", "user_name").build()
            .upcast(record("{\"user\":{\"name\":\"ann\"},\"meta\":{\"a\":1,\"b\":2}}"));
    assertThat(tree(out)).isEqualTo(tree("{\"user_name\":\"ann\",\"meta\":{\"a\":1,\"b\":2}}"));
  }

  @Test
  void addDefaultFillsOnlyAbsentFields() {
    JsonFieldMapping mapping =
        JsonFieldMapping.builder().addDefault("country", "\"NL\"").addDefault("geo.zone", "0").build();

    assertThat(tree(mapping.upcast(record("{\"id\":1}"))))
        .isEqualTo(tree("{\"id\":1,\"country\":\"NL\",\"geo\":{\"zone\":0}}"));
    assertThat(tree(mapping.upcast(record("{\"country\":\"BE\",\"geo\":{\"zone\":null}}"))))
        .isEqualTo(tree("{\"country\":\"BE\",\"geo\":{\"zone\":null}}"));
  }

  @Test
  void dropRemovesOnlyTheField() {
    Record out =
        JsonFieldMapping.builder().drop("legacy_id").drop("meta.a").drop("nope.x").build()
            .upcast(record("{\"legacy_id\":5,\"meta\":{\"a\":1},\"keep\":true}"));
    assertThat(tree(out)).isEqualTo(tree("{\"meta\":{},\"keep\":true}"));
  }

  @Test
  void nestAndUnnestMoveFieldsUnderAndOutOfAnObject() {
    JsonFieldMapping nest = JsonFieldMapping.builder().nest("address", "street", "city").build();
    JsonFieldMapping unnest = JsonFieldMapping.builder().unnest("address").build();
    String flat = "{\"name\":\"ann\",\"street\":\"Main 1\",\"city\":\"Delft\"}";

    Record nested = nest.upcast(record(flat));

    assertThat(text(nested))
        .isEqualTo("{\"name\":\"ann\",\"address\":{\"street\":\"Main 1\",\"city\":\"Delft\"}}");
    assertThat(tree(unnest.upcast(nested))).isEqualTo(tree(flat));
  }

  @Test
  void exactDecimalsAndTombstonesSurvive() {
    JsonFieldMapping mapping = JsonFieldMapping.builder().rename("a", "b").build();
    assertThat(text(mapping.upcast(record("{\"a\":0.10000000000000000000001,\"n\":12345678901234567890123}"))))
        .isEqualTo("{\"n\":12345678901234567890123,\"b\":0.10000000000000000000001}");
    Record tombstone = record(null);
    assertThat(mapping.upcast(tombstone)).isSameAs(tombstone);
  }

  @Test
  void theUpcastRecordKeepsKeyHeadersPartitionAndPosition() {
    Record in = record("{\"a\":1}");
    Record out = JsonFieldMapping.builder().rename("a", "b").build().upcast(in);
    assertThat(out.key()).isEqualTo(in.key());
    assertThat(out.headers().asList()).containsExactly(Header.ofUtf8("schema-version", "1"));
    assertThat(out.partition()).isEqualTo(PartitionId.of("users-2"));
    assertThat(out.position()).isEqualTo(Position.of(99));
  }

  @Test
  void valuesThatAreNotOneJsonObjectAreRejectedNamingPartitionAndPosition() {
    JsonFieldMapping mapping = JsonFieldMapping.builder().rename("a", "b").build();
    String[][] cases = {
      {"{\"a\":", "invalid JSON"},
      {"{\"a\":1} {\"a\":2}", "invalid JSON"},
      {"{\"a\":1,\"a\":2}", "invalid JSON: Duplicate field 'a'"},
      {"[1,2]", "value is not a JSON object but array"},
      {"", "value is not a JSON object but empty"},
    };
    for (String[] c : cases) {
      Record bad = record(c[0]);
      assertThatThrownBy(() -> mapping.upcast(bad))
          .as("value %s", c[0])
          .isInstanceOfSatisfying(
              RecordRejectedException.class, e -> assertThat(e.record()).isSameAs(bad))
          .hasMessageStartingWith("record rejected in partition users-2 at position 99: " + c[1]);
    }
  }

  @Test
  void recordsThatDoNotFitTheMappingAreRejected() {
    assertThatThrownBy(
            () -> JsonFieldMapping.builder().rename("a", "b").build().upcast(record("{\"a\":1,\"b\":2}")))
        .isInstanceOf(RecordRejectedException.class)
        .hasMessageEndingWith("cannot move a to b: b already exists");
    assertThatThrownBy(
            () -> JsonFieldMapping.builder().rename("a", "b.c").build().upcast(record("{\"a\":1,\"b\":2}")))
        .isInstanceOf(RecordRejectedException.class)
        .hasMessageEndingWith("cannot write b.c: b is not an object");
    assertThatThrownBy(
            () -> JsonFieldMapping.builder().unnest("p").build().upcast(record("{\"p\":{\"x\":1},\"x\":2}")))
        .isInstanceOf(RecordRejectedException.class)
        .hasMessageEndingWith("cannot unnest p: its field x already exists beside it");
  }

  @Test
  void invalidSpecificationsAreRefusedNamingTheMethod() {
    assertConfigError(
        () -> JsonFieldMapping.builder().rename("a..b", "c"),
        "rename",
        "rename: a field path is dot-separated non-empty field names (e.g. user.name), was \"a..b\"");
    assertConfigError(
        () -> JsonFieldMapping.builder().rename("a", "a.b"),
        "rename",
        "rename: from and to must not contain one another, were a and a.b");
    assertConfigError(
        () -> JsonFieldMapping.builder().addDefault("c", "NL"), "addDefault", "addDefault: default for c is not valid JSON");
    assertConfigError(
        () -> JsonFieldMapping.builder().addDefault("c", ""), "addDefault", "addDefault: default for c is empty");
    assertConfigError(() -> JsonFieldMapping.builder().drop(""), "drop", "drop: a field path must not be empty");
    assertConfigError(() -> JsonFieldMapping.builder().nest("addr"), "nest", "nest: name at least one field");
    assertConfigError(
        () -> JsonFieldMapping.builder().nest("addr", "addr.x"), "nest", "nest: cannot nest addr.x under addr");
    assertConfigError(() -> JsonFieldMapping.builder().unnest("x."), "unnest", "unnest: a field path");
  }

  private static void assertConfigError(Runnable call, String setting, String messageStart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo(setting))
        .hasMessageStartingWith(messageStart);
  }
}
