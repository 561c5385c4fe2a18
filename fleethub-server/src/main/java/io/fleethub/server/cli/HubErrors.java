package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads IoT Hub's error bodies, {@code {"Message":"ErrorCode:DeviceNotFound;Device 'd1' is not registered.",
 * "ExceptionMessage":"Tracking ID:..."}}, into messages such as
 * {@code DeviceNotFound: Device 'd1' is not registered. (HTTP 404)}. Stateless.
 */
final class HubErrors {
  private HubErrors() {}

  static CliException refusal(String method, int status, String body) {
    String detail = errorMessage(body);
    if (detail.isEmpty()) {
      detail = "the hub refused the " + method + " request";
    }
    return new CliException(detail + " (HTTP " + status + ")");
  }

  private static String errorMessage(String body) {
    try {
      JsonNode root = JsonOutput.JSON.readTree(body);
      String message = root == null ? "" : root.path("Message").asText("");
      if (message.startsWith("ErrorCode:")) {
        int semicolon = message.indexOf(';');
        return semicolon < 0
            ? message.substring("ErrorCode:".length())
            : message.substring("ErrorCode:".length(), semicolon) + ": " + message.substring(semicolon + 1);
      }
      return message;
    } catch (IOException e) {
      return body.length() > 200 ? body.substring(0, 200) + "..." : body.strip();
    }
  }
}
