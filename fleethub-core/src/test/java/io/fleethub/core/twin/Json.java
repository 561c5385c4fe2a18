package io.fleethub.core.twin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON for tests, written with single quotes for readability: {@code json("{'a': {'b': 1}}")}. */
final class Json {
  private static final ObjectMapper LENIENT = new ObjectMapper().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

  private Json() {}

  static ObjectNode json(String text) {
    try {
      JsonNode node = LENIENT.readTree(text);
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object with one member {@code name} holding a string of {@code length} ASCII characters. */
  static ObjectNode stringOf(String name, int length) {
    ObjectNode node = LENIENT.createObjectNode();
    node.put(name, "x".repeat(length));
    return node;
  }

  /** {@code {"l1":{"l2":{...{"lN":{"leaf":"value"}}}}}}: {@code levels} objects nested below the root. */
  static ObjectNode nested(int levels) {
    ObjectNode root = LENIENT.createObjectNode();
    ObjectNode current = root;
    for (int level = 1; level <= levels; level++) {
      current = current.putObject("l" + level);
    }
    current.put("leaf", "value");
    return root;
  }
}
