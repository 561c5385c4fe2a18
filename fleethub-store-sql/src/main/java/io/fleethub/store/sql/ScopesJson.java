package io.fleethub.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.List;

/** A device's parent scopes as a JSON array of strings, the {@code parent_scopes} column's encoding. */
final class ScopesJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private ScopesJson() {}

  static String write(List<String> scopes) {
    try {
      return JSON.writeValueAsString(scopes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always writable as JSON", e);
    }
  }

  static List<String> read(String json) throws SQLException {
    List<String> scopes;
    try {
      scopes = JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("parent_scopes is not a JSON array of strings: " + json, e);
    }
    if (scopes == null || scopes.contains(null)) {
      throw new SQLException("parent_scopes is not a JSON array of strings: " + json);
    }
    return List.copyOf(scopes);
  }
}
