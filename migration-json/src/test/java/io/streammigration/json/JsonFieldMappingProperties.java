package io.streammigration.json;

import static io.streammigration.json.JsonRecords.MAPPER;
import static io.streammigration.json.JsonRecords.record;
import static io.streammigration.json.JsonRecords.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammigration.core.record.Record;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Moves are reversible and defaults never overwrite, over random objects. Original fields are
 * named {@code a..e}; moves target paths made of {@code x, y, z}, which never collide with them.
 */
class JsonFieldMappingProperties {

  @Property(tries = 300)
  void renameThenTheInverseRenameGivesBackTheOriginal(
      @ForAll("objects") Map<String, Object> original,
      @ForAll("fields") String from,
      @ForAll("newPaths") String to) {
    Record in = record(json(original));

    Record renamed = JsonFieldMapping.builder().rename(from, to).build().upcast(in);
    Record back = JsonFieldMapping.builder().rename(to, from).build().upcast(renamed);

    assertThat(tree(back)).isEqualTo(tree(in));
    if (original.containsKey(from)) {
      assertThat(at(tree(renamed), to)).isEqualTo(tree(in).get(from));
    } else {
      assertThat(tree(renamed)).isEqualTo(tree(in));
    }
  }

  @Property(tries = 300)
  void nestThenUnnestGivesBackTheOriginal(
      @ForAll("objects") Map<String, Object> original,
      @ForAll("someFields") List<String> fields,
      @ForAll("parents") String parent) {
    Record in = record(json(original));

    Record nested =
        JsonFieldMapping.builder().nest(parent, fields.toArray(new String[0])).build().upcast(in);
    Record back = JsonFieldMapping.builder().unnest(parent).build().upcast(nested);

    assertThat(tree(back)).isEqualTo(tree(in));
    for (String f : fields) {
      assertThat(tree(nested).has(f)).isFalse();
    }
  }

  @Property(tries = 300)
  void addingADefaultNeverOverwritesAnExistingValue(
      @ForAll("objects") Map<String, Object> original,
      @ForAll("fields") String field,
      @ForAll("literals") String literal) {
    JsonNode before = tree(json(original));

    JsonNode after =
        tree(JsonFieldMapping.builder().addDefault(field, literal).build().upcast(record(json(original))));

    ObjectNode expected = ((ObjectNode) before).deepCopy();
    if (!before.has(field)) {
      expected.set(field, tree(literal));
    }
    assertThat(after).isEqualTo(expected);
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.strings().ofMaxLength(5).map(s -> (Object) s),
            Arbitraries.just(null),
            Arbitraries.maps(Arbitraries.of("a", "b"), Arbitraries.integers())
                .ofMaxSize(2)
                .map(m -> (Object) m));
    return Arbitraries.maps(fields(), values).ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.of("a", "b", "c", "d", "e");
  }

  @Provide
  Arbitrary<List<String>> someFields() {
    return fields().list().uniqueElements().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> newPaths() {
    return Arbitraries.of("x", "y", "z").list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
  }

  @Provide
  Arbitrary<String> parents() {
    return Arbitraries.of("x", "y", "z");
  }

  @Provide
  Arbitrary<String> literals() {
    return Arbitraries.of("\"NL\"", "0", "null", "{}", "[1,2]", "true", "{\"k\":\"v\"}");
  }

  private static String json(Map<String, Object> object) {
    try {
      return MAPPER.writeValueAsString(object);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String segment : path.split("\\.")) {
      node = node.get(segment);
    }
    return node;
  }
}
