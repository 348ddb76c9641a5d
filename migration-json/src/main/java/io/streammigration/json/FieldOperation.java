package io.streammigration.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One step of a {@link JsonFieldMapping}, applied in place to a freshly parsed object. */
sealed interface FieldOperation {

  void applyTo(ObjectNode root);

  /** Moves the value at {@code from} to {@code to}; nothing if {@code from} is absent. */
  record Move(FieldPath from, FieldPath to) implements FieldOperation {
    @Override
    public void applyTo(ObjectNode root) {
      if (from.get(root) == null) {
        return;
      }
      if (to.get(root) != null) {
        throw new MappingConflict("cannot move " + from + " to " + to + ": " + to + " already exists");
      }
      JsonNode value = from.removePruning(root);
      to.parentCreatingIn(root).set(to.name(), value);
    }
  }

  /** Sets {@code path} to a copy of {@code value} unless the field exists (even as null). */
  record AddDefault(FieldPath path, JsonNode value) implements FieldOperation {
    @Override
    public void applyTo(ObjectNode root) {
      ObjectNode parent = path.parentCreatingIn(root);
      if (!parent.has(path.name())) {
        parent.set(path.name(), value.deepCopy());
      }
    }
  }

  /** Removes the field at {@code path}, if present; its parents stay. */
  record Drop(FieldPath path) implements FieldOperation {
    @Override
    public void applyTo(ObjectNode root) {
      ObjectNode parent = path.parentIn(root);
      if (parent != null) {
        parent.remove(path.name());
      }
    }
  }

  /** Moves every field of the object at {@code parent} up beside it, then removes it. */
  record Unnest(FieldPath parent) implements FieldOperation {
    @Override
    public void applyTo(ObjectNode root) {
      JsonNode node = parent.get(root);
      if (node == null) {
        return;
      }
      if (!node.isObject()) {
        throw new MappingConflict("cannot unnest " + parent + ": it is not an object");
      }
      ObjectNode container = parent.parentIn(root);
      container.remove(parent.name());
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      for (Map.Entry<String, JsonNode> field : fields) {
        if (container.has(field.getKey())) {
          throw new MappingConflict(
              "cannot unnest " + parent + ": its field " + field.getKey() + " already exists beside it");
        }
        container.set(field.getKey(), field.getValue());
      }
    }
  }
}
