package io.streammigration.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void quotesBackslashesAndControlCharactersAreEscaped() {
    String nasty = "a\"b\\c\nd\re\tf\bg\fh\u0000i\u001fj\u2028k";
    String json = new JsonWriter().beginObject().field("s", nasty).endObject().toJson();

    assertThat(json)
        .isEqualTo(
            "{\"s\":\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u001fj\\u2028k\"}");
    assertThat(json.chars()).noneMatch(c -> c < 0x20);
    assertThat(((Map<?, ?>) JsonText.parse(json)).get("s")).isEqualTo(nasty);
  }

  @Test
  void unpairedSurrogatesAreEscapedAndPairsKept() {
    String s = "x\uD800y\uDC00z\uD83D\uDE00";
    String json = new JsonWriter().value(s).toJson();

    assertThat(json).isEqualTo("\"x\\ud800y\\udc00z\uD83D\uDE00\"");
    assertThat(JsonText.parse(json)).isEqualTo(s);
  }

  @Property
  void anyStringRoundTrips(@ForAll String s) {
    String json = new JsonWriter().beginArray().value(s).value(s.length()).endArray().toJson();

    assertThat(JsonText.parse(json)).isEqualTo(List.of(s, (long) s.length()));
  }

  @Test
  void nestedContainersGetCommasOnlyBetweenMembers() {
    String json =
        new JsonWriter()
            .beginObject()
            .field("a", 1)
            .name("b")
            .beginArray()
            .value(true)
            .nullValue()
            .beginObject()
            .endObject()
            .endArray()
            .field("c", Double.NaN)
            .field("d", 0.5)
            .endObject()
            .toJson();

    assertThat(json).isEqualTo("{\"a\":1,\"b\":[true,null,{}],\"c\":null,\"d\":0.5}");
    assertThat(JsonText.parse(json)).isInstanceOf(Map.class);
  }

  @Test
  void misuseIsRejectedRatherThanWritingInvalidJson() {
    assertThatThrownBy(() -> new JsonWriter().beginObject().value(1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginArray().endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginObject().toJson())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginArray().name("x"))
        .isInstanceOf(IllegalStateException.class);
  }
}
