package io.fleethub.core.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON helpers shared by the twin classes. A canonical node is a private copy read back from its own text, so that
 * equal content gives equal nodes whatever node classes built it (an {@code IntNode} and a {@code LongNode} of the
 * same number are not {@code equals}) and so that later changes to the caller's node cannot reach a twin.
 */
final class TwinJsonNodes {
  static final ObjectMapper JSON = new ObjectMapper();

  private TwinJsonNodes() {}

  static ObjectNode canonical(ObjectNode node) {
    return parseObject(write(node));
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree is always writable", e);
    }
  }

  /**
   * Sets a whole number as the JSON parser would read it back (an int node when it fits an int), so that trees
   * built here equal trees parsed from text.
   */
  static ObjectNode putNumber(ObjectNode node, String name, long value) {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? node.put(name, (int) value)
        : node.put(name, value);
  }

  /** Parses JSON text that must be an object; {@link IllegalArgumentException} otherwise. */
  static ObjectNode parseObject(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return (ObjectNode) node;
  }

  /** The object's fields in order, as a list that stays valid while the object is changed. */
  static List<Map.Entry<String, JsonNode>> fields(ObjectNode node) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    node.fields().forEachRemaining(fields::add);
    return fields;
  }

  /** A copy of {@code node} with every {@code null} object member removed, at any depth, in arrays too. */
  static JsonNode withoutNulls(JsonNode node) {
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(withoutNulls(element)));
      return copy;
    }
    if (!node.isObject()) {
      return node.deepCopy();
    }
    ObjectNode copy = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> field : fields((ObjectNode) node)) {
      if (!field.getValue().isNull()) {
        copy.set(field.getKey(), withoutNulls(field.getValue()));
      }
    }
    return copy;
  }
}
