package io.fleethub.bench.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.error.ErrorCode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Judges the hub's answer to a direct method call. A call succeeded when the hub answered HTTP 200 with
 * {@code {"status":200,"payload":..}}: the device answered with status 200. Anything else is a failure with a
 * short reason that groups like failures (no ids, no tracking ids), for the report's errors. Stateless.
 */
public final class MethodOutcome {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ERROR_CODE = "ErrorCode:";

  private MethodOutcome() {}

  /** Empty when the call succeeded; else why it failed, e.g. {@code HTTP 404 DeviceNotOnline}. */
  public static Optional<String> failure(int httpStatus, String body) {
    if (httpStatus != 200) {
      return Optional.of("HTTP " + httpStatus + errorCode(body).map(code -> " " + code).orElse(""));
    }
    JsonNode root = parse(body);
    if (root == null || !root.isObject() || !root.path("status").isInt() || !root.has("payload")) {
      return Optional.of("HTTP 200 without {\"status\":..,\"payload\":..} in the body");
    }
    int status = root.path("status").intValue();
    return status == 200 ? Optional.empty() : Optional.of("the device answered status " + status);
  }

  /**
   * The IoT Hub error code of an error body: {@code {"Message":"ErrorCode:DeviceNotOnline;..",..}}, or the form
   * IoT Hub uses for direct methods, a JSON object in {@code Message} with a numeric {@code errorCode}.
   */
  static Optional<String> errorCode(String body) {
    JsonNode root = parse(body);
    String message = root == null ? "" : root.path("Message").asText("");
    if (message.startsWith(ERROR_CODE)) {
      int end = message.indexOf(';');
      return Optional.of(message.substring(ERROR_CODE.length(), end < 0 ? message.length() : end).strip())
          .filter(code -> !code.isEmpty());
    }
    JsonNode nested = message.startsWith("{") ? parse(message) : null;
    JsonNode code = nested == null ? null : nested.get("errorCode");
    if (code == null || !(code.isNumber() || code.isTextual())) {
      return Optional.empty();
    }
    return Optional.of(Arrays.stream(ErrorCode.values())
        .filter(known -> String.valueOf(known.number()).equals(code.asText()))
        .map(ErrorCode::errorName)
        .findFirst()
        .orElse(code.asText()));
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
