package io.fleethub.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/** Reads JSON given on the command line, refusing what is not JSON with the option's name. Stateless. */
final class JsonArguments {
  private static final ObjectReader READER =
      JsonOutput.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonArguments() {}

  /** Any JSON value. */
  static JsonNode value(String option, String text) {
    try {
      JsonNode node = READER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new CliException(option + " must be JSON, not an empty string");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CliException(option + " must be JSON: " + e.getOriginalMessage());
    }
  }

  /** A JSON object. */
  static JsonNode object(String option, String text) {
    JsonNode node = value(option, text);
    if (!node.isObject()) {
      throw new CliException(option + " must be a JSON object such as {\"key\": \"value\"}, not " + text.strip());
    }
    return node;
  }
}
