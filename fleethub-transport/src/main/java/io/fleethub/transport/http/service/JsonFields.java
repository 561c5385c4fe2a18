package io.fleethub.transport.http.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of request JSON. A field that is absent or {@code null} reads as empty; a field of the wrong type,
 * or a body that is not one JSON object, is refused with 400 ArgumentInvalid naming the field.
 */
final class JsonFields {
  private static final ObjectMapper READER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Keeps numbers as written: fractions as {@link java.math.BigDecimal}s, trailing zeros included. */
  private static final ObjectMapper EXACT_READER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private JsonFields() {}

  /** Parses a request body that must be one JSON object. */
  static ObjectNode parseObject(byte[] body) {
    return parseObject(body, READER);
  }

  /**
   * Like {@link #parseObject(byte[])}, keeping every number as written, for bodies that carry a caller's JSON to be
   * passed on unchanged (a direct method payload).
   */
  static ObjectNode parseObjectExactly(byte[] body) {
    return parseObject(body, EXACT_READER);
  }

  /** Parses {@code text} as one JSON value, numbers kept as written; empty when it is not exactly one JSON value. */
  static Optional<JsonNode> parseValueExactly(byte[] text) {
    try {
      return Optional.ofNullable(EXACT_READER.readTree(text)).filter(node -> !node.isMissingNode());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes a node read by this class back to JSON text. */
  static byte[] write(JsonNode node) {
    try {
      return EXACT_READER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree cannot fail to serialize", e);
    }
  }

  private static ObjectNode parseObject(byte[] body, ObjectMapper reader) {
    if (body.length == 0) {
      throw invalid("The request body is empty; a JSON object is expected.");
    }
    JsonNode root;
    try {
      root = reader.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("The request body is not valid JSON: " + e.getOriginalMessage() + ".");
    } catch (IOException e) {
      throw invalid("The request body could not be read as JSON.");
    }
    if (root == null || !root.isObject()) {
      throw invalid("The request body must be a JSON object.");
    }
    return (ObjectNode) root;
  }

  static Optional<String> text(ObjectNode node, String field) {
    return present(node, field).map(value -> {
      if (!value.isTextual()) {
        throw wrongType(field, "a string");
      }
      return value.textValue();
    });
  }

  /** Like {@link #text}, with the empty string read as absent (the Node SDK sends {@code ""} for "generate"). */
  static Optional<String> nonEmptyText(ObjectNode node, String field) {
    return text(node, field).filter(value -> !value.isEmpty());
  }

  static Optional<Boolean> bool(ObjectNode node, String field) {
    return present(node, field).map(value -> {
      if (!value.isBoolean()) {
        throw wrongType(field, "true or false");
      }
      return value.booleanValue();
    });
  }

  /** A whole number that fits a {@code long}; a fraction or a larger number is refused. */
  static Optional<Long> wholeNumber(ObjectNode node, String field) {
    return present(node, field).map(value -> {
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw wrongType(field, "a whole number");
      }
      return value.longValue();
    });
  }

  static Optional<ObjectNode> object(ObjectNode node, String field) {
    return present(node, field).map(value -> {
      if (!value.isObject()) {
        throw wrongType(field, "a JSON object");
      }
      return (ObjectNode) value;
    });
  }

  static List<String> textArray(ObjectNode node, String field) {
    Optional<JsonNode> array = present(node, field);
    if (array.isEmpty()) {
      return List.of();
    }
    if (!array.get().isArray()) {
      throw wrongType(field, "an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode element : array.get()) {
      if (!element.isTextual()) {
        throw wrongType(field, "an array of strings");
      }
      values.add(element.textValue());
    }
    return values;
  }

  static HubException invalid(String message) {
    return new HubException(ErrorCode.ARGUMENT_INVALID, message);
  }

  private static Optional<JsonNode> present(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  private static HubException wrongType(String field, String expected) {
    return invalid("The field '" + field + "' must be " + expected + ".");
  }
}
