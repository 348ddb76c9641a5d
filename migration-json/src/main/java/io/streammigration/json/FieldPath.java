package io.streammigration.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammigration.core.error.MigrationConfigException;
import java.util.Arrays;

/**
 * A field addressed by a dotted path ({@code user.address.city}): each segment names a field of
 * an object nested in the one before. There is no escaping, so a field whose name contains a dot
 * cannot be addressed; array elements cannot be addressed either. Immutable.
 */
final class FieldPath {

  private final String text;
  private final String[] segments;

  private FieldPath(String text, String[] segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * Parses {@code text}.
   *
   * @throws MigrationConfigException naming {@code setting} if a segment is empty
   */
  static FieldPath parse(String setting, String text) {
    if (text == null || text.isEmpty()) {
      throw new MigrationConfigException(setting, "a field path must not be empty, was " + quote(text));
    }
    String[] segments = text.split("\\.", -1);
    for (String s : segments) {
      if (s.isEmpty()) {
        throw new MigrationConfigException(
            setting,
            "a field path is dot-separated non-empty field names (e.g. user.name), was " + quote(text));
      }
    }
    return new FieldPath(text, segments);
  }

  /** This path followed by {@code field}. */
  FieldPath child(String field) {
    String[] longer = Arrays.copyOf(segments, segments.length + 1);
    longer[segments.length] = field;
    return new FieldPath(text + "." + field, longer);
  }

  /** The last segment: the field's own name. */
  String name() {
    return segments[segments.length - 1];
  }

  /** True if this path equals {@code other} or lies inside it (or the other way round). */
  boolean overlaps(FieldPath other) {
    int common = Math.min(segments.length, other.segments.length);
    for (int i = 0; i < common; i++) {
      if (!segments[i].equals(other.segments[i])) {
        return false;
      }
    }
    return true;
  }

  /** The value at this path in {@code root}, or null if any step is absent or not an object. */
  JsonNode get(ObjectNode root) {
    ObjectNode parent = parentIn(root);
    return parent == null ? null : parent.get(name());
  }

  /** The object holding this path's field, or null if it does not exist (no objects created). */
  ObjectNode parentIn(ObjectNode root) {
    JsonNode node = root;
    for (int i = 0; i < segments.length - 1; i++) {
      node = node.get(segments[i]);
      if (node == null || !node.isObject()) {
        return null;
      }
    }
    return (ObjectNode) node;
  }

  /**
   * The object holding this path's field, creating missing objects on the way.
   *
   * @throws MappingConflict if a step exists but is not an object
   */
  ObjectNode parentCreatingIn(ObjectNode root) {
    ObjectNode node = root;
    for (int i = 0; i < segments.length - 1; i++) {
      JsonNode next = node.get(segments[i]);
      if (next == null) {
        next = node.putObject(segments[i]);
      } else if (!next.isObject()) {
        throw new MappingConflict(
            "cannot write " + text + ": " + String.join(".", Arrays.copyOf(segments, i + 1))
                + " is not an object");
      }
      node = (ObjectNode) next;
    }
    return node;
  }

  /**
   * Removes this path's field and returns its value (null if absent), then removes the objects
   * on the way that the removal left empty: a field moved out of an object that held only it
   * leaves no empty shell behind, which is what makes a move undone by the opposite move.
   */
  JsonNode removePruning(ObjectNode root) {
    ObjectNode[] chain = new ObjectNode[segments.length];
    JsonNode node = root;
    for (int i = 0; i < segments.length - 1; i++) {
      chain[i] = (ObjectNode) node;
      node = node.get(segments[i]);
      if (node == null || !node.isObject()) {
        return null;
      }
    }
    chain[segments.length - 1] = (ObjectNode) node;
    JsonNode removed = chain[segments.length - 1].remove(name());
    if (removed != null) {
      for (int i = segments.length - 1; i >= 1 && chain[i].isEmpty(); i--) {
        chain[i - 1].remove(segments[i - 1]);
      }
    }
    return removed;
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  @Override
  public String toString() {
    return text;
  }
}
