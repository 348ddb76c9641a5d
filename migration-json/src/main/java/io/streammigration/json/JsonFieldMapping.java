package io.streammigration.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.record.Record;
import io.streammigration.core.schema.Upcaster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Upcaster} that reshapes a JSON object value: rename, add with a default, drop, nest
 * under a new object and un-nest fields addressed by dotted paths ({@code user.name}).
 *
 * <pre>{@code
 * Upcaster v1to2 = JsonFieldMapping.builder()
 *     .rename("user_name", "user.name")
 *     .addDefault("country", "\"NL\"")
 *     .drop("legacy_id")
 *     .nest("address", "street", "city")   // street -> address.street, city -> address.city
 *     .build();
 * }</pre>
 *
 * <h2>Contract</h2>
 *
 * <ol>
 *   <li>Operations run in the order they were added, each on the result of the one before.
 *   <li>{@code rename} (and {@code nest}, which is a rename per field) moves a field and creates
 *       the objects on the way to its new place; it does nothing if the field is absent, and
 *       removes the objects the move left empty, so a move is undone by the opposite move.
 *   <li>{@code addDefault} never overwrites: a field that exists, even holding {@code null}, keeps
 *       its value.
 *   <li>{@code drop} removes the field if present, and nothing else.
 *   <li>{@code unnest} moves every field of an object up beside it and removes the object.
 *   <li>A record whose value is not a JSON object (invalid JSON, trailing data, duplicate keys,
 *       an array, an empty value), or whose fields do not fit the mapping (a move onto an existing
 *       field, a path through a non-object), is rejected with a {@link RecordRejectedException}
 *       naming its partition and position, so the engine can dead-letter it. Tombstones (null
 *       values) pass unchanged.
 *   <li>Numbers keep their exact value (decimals are read as {@code BigDecimal}); whitespace and
 *       the spelling of numbers ({@code 1e2}) are not kept. Field order is kept, moved and added
 *       fields going last in their object.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonFieldMapping implements Upcaster {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final List<FieldOperation> operations;

  private JsonFieldMapping(List<FieldOperation> operations) {
    this.operations = List.copyOf(operations);
  }

  /** A builder with no operations yet. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Record upcast(Record record) {
    if (record.value() == null) {
      return record;
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(record.value());
    } catch (JsonProcessingException e) {
      // The original message, without Jackson's excerpt of the payload (which may hold personal data).
      throw new RecordRejectedException(record, "invalid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new RecordRejectedException(record, "invalid JSON: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new RecordRejectedException(
          record,
          "value is not a JSON object but "
              + (tree == null || tree.isMissingNode() ? "empty" : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    ObjectNode root = (ObjectNode) tree;
    try {
      for (FieldOperation operation : operations) {
        operation.applyTo(root);
      }
    } catch (MappingConflict conflict) {
      throw new RecordRejectedException(record, conflict.getMessage());
    }
    try {
      return record.withValue(MAPPER.writeValueAsBytes(root));
    } catch (JsonProcessingException e) {
      // A parsed tree always serializes; anything else is a bug, not a bad record.
      throw new IllegalStateException("cannot write mapped JSON", e);
    }
  }

  @Override
  public String toString() {
    return "JsonFieldMapping" + operations;
  }

  /**
   * Builds a {@link JsonFieldMapping}. Each method checks its arguments at once and throws {@link
   * MigrationConfigException} naming the method: paths must be dot-separated non-empty names,
   * defaults valid JSON. Not thread-safe.
   */
  public static final class Builder {
    private final List<FieldOperation> operations = new ArrayList<>();

    private Builder() {}

    /** Moves the field at {@code from} to {@code to}; neither may contain the other. */
    public Builder rename(String from, String to) {
      FieldPath source = FieldPath.parse("rename", from);
      FieldPath target = FieldPath.parse("rename", to);
      if (source.overlaps(target)) {
        throw new MigrationConfigException(
            "rename", "from and to must not contain one another, were " + from + " and " + to);
      }
      operations.add(new FieldOperation.Move(source, target));
      return this;
    }

    /**
     * Sets the field at {@code path} to {@code json} (a JSON text: {@code "\"NL\""}, {@code "0"},
     * {@code "{}"}, {@code "null"}) when the record lacks that field.
     */
    public Builder addDefault(String path, String json) {
      FieldPath target = FieldPath.parse("addDefault", path);
      Objects.requireNonNull(json, "json");
      JsonNode value;
      try {
        value = MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        throw new MigrationConfigException(
            "addDefault", "default for " + path + " is not valid JSON: " + e.getOriginalMessage());
      }
      if (value == null || value.isMissingNode()) {
        throw new MigrationConfigException(
            "addDefault", "default for " + path + " is empty; write null as \"null\"");
      }
      operations.add(new FieldOperation.AddDefault(target, value));
      return this;
    }

    /** Removes the field at {@code path}. */
    public Builder drop(String path) {
      operations.add(new FieldOperation.Drop(FieldPath.parse("drop", path)));
      return this;
    }

    /**
     * Moves each of {@code fields} into the object at {@code parent}, under its own last name:
     * {@code nest("address", "street")} moves {@code street} to {@code address.street}.
     */
    public Builder nest(String parent, String... fields) {
      FieldPath into = FieldPath.parse("nest", parent);
      if (fields.length == 0) {
        throw new MigrationConfigException("nest", "name at least one field to nest under " + parent);
      }
      List<FieldOperation> moves = new ArrayList<>();
      for (String field : fields) {
        FieldPath from = FieldPath.parse("nest", field);
        FieldPath to = into.child(from.name());
        if (from.overlaps(into)) {
          throw new MigrationConfigException(
              "nest", "cannot nest " + field + " under " + parent + ": one contains the other");
        }
        moves.add(new FieldOperation.Move(from, to));
      }
      operations.addAll(moves);
      return this;
    }

    /** Moves every field of the object at {@code parent} up beside it, and removes it. */
    public Builder unnest(String parent) {
      operations.add(new FieldOperation.Unnest(FieldPath.parse("unnest", parent)));
      return this;
    }

    /** The mapping, running the operations in the order they were added. */
    public JsonFieldMapping build() {
      return new JsonFieldMapping(operations);
    }
  }
}
