package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.error.ErrorCode;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads IoT Hub's error bodies, {@code {"Message":"ErrorCode:DeviceNotFound;Device 'd1' is not registered.",
 * "ExceptionMessage":"Tracking ID:..."}}, into messages such as
 * {@code DeviceNotFound: Device 'd1' is not registered. (HTTP 404)}. The form IoT Hub uses for direct methods,
 * a JSON object in {@code Message} such as {@code {"errorCode":404103,"message":"Timed out waiting for device to
 * connect."}}, reads as {@code DeviceNotOnline: Timed out waiting for device to connect. (HTTP 404)}. Stateless.
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
      if (message.startsWith("{")) {
        return nestedMessage(message);
      }
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

  /** {@code {"errorCode":404103,"message":".."}} as {@code DeviceNotOnline: ..}. */
  private static String nestedMessage(String json) {
    JsonNode error;
    try {
      error = JsonOutput.JSON.readTree(json);
    } catch (IOException e) {
      return json;
    }
    String message = error.path("message").asText(error.path("Message").asText(""));
    JsonNode code = error.path("errorCode");
    if (!code.isNumber() && !code.isTextual()) {
      return message;
    }
    String name = Arrays.stream(ErrorCode.values())
        .filter(known -> String.valueOf(known.number()).equals(code.asText()))
        .map(ErrorCode::errorName)
        .findFirst()
        .orElse(code.asText());
    return message.isEmpty() ? name : name + ": " + message;
  }
}
