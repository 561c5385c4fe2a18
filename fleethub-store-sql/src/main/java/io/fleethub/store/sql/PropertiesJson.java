package io.fleethub.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.Map;

/** A message's application properties as a JSON object of strings, the {@code app_properties} column's encoding. */
final class PropertiesJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private PropertiesJson() {}

  static String write(Map<String, String> properties) {
    try {
      return JSON.writeValueAsString(properties);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always writable as JSON", e);
    }
  }

  static Map<String, String> read(String json) throws SQLException {
    Map<String, String> properties;
    try {
      properties = JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("app_properties is not a JSON object of strings: " + json, e);
    }
    if (properties == null || properties.containsValue(null)) {
      throw new SQLException("app_properties is not a JSON object of strings: " + json);
    }
    return Map.copyOf(properties);
  }
}
