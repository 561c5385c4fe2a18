package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.server.PrettyJson;
import java.io.PrintWriter;

/** What the CLI prints on stdout: JSON as {@code az} prints it ({@link PrettyJson}). */
final class JsonOutput {
  static final ObjectMapper JSON = PrettyJson.MAPPER;

  private JsonOutput() {}

  static void print(PrintWriter out, JsonNode node) {
    out.println(PrettyJson.write(node));
    out.flush();
  }

  /** {@code {"name": value}}. */
  static ObjectNode field(String name, String value) {
    return JSON.createObjectNode().put(name, value);
  }
}
