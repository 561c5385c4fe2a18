package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.JsonFields.invalid;
import static io.fleethub.transport.http.service.JsonFields.text;
import static io.fleethub.transport.http.service.JsonFields.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.methods.MethodCall;
import io.fleethub.core.methods.MethodResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Maps direct method calls and their results to and from the service REST API's JSON.
 *
 * <p>A call: {@code {"methodName": "..", "payload": <any JSON>, "responseTimeoutInSeconds": n,
 * "connectTimeoutInSeconds": n}}. The payload may be left out or {@code null} (the device gets {@code null}) and is
 * passed on with its numbers as written; the timeouts may be left out or {@code null} for IoT Hub's defaults (30 s
 * to answer, no wait for a connection; the Java SDK leaves out a 0). {@link MethodCall} checks the name, the payload
 * size and the timeout ranges.
 *
 * <p>A result: {@code {"status": <the device's status>, "payload": <the device's JSON>}}; a payload that is not JSON
 * is sent as a JSON string of its UTF-8 text, an empty one as {@code null}. Thread-safe.
 */
final class MethodJsonMapper {
  /** Reads a call body; 400 ArgumentInvalid (413 MessageTooLarge for the payload) when it is not acceptable. */
  MethodCall call(byte[] body) {
    ObjectNode root = JsonFields.parseObjectExactly(body);
    String methodName = text(root, "methodName")
        .orElseThrow(() -> invalid("The field 'methodName' is required: the name of the method to call."));
    JsonNode payload = root.get("payload");
    byte[] payloadJson = payload == null || payload.isNull() ? MethodCall.NULL_PAYLOAD : JsonFields.write(payload);
    Duration responseTimeout = wholeNumber(root, "responseTimeoutInSeconds").map(Duration::ofSeconds)
        .orElse(MethodCall.DEFAULT_RESPONSE_TIMEOUT);
    Duration connectTimeout = wholeNumber(root, "connectTimeoutInSeconds").map(Duration::ofSeconds)
        .orElse(MethodCall.DEFAULT_CONNECT_TIMEOUT);
    return new MethodCall(methodName, payloadJson, responseTimeout, connectTimeout);
  }

  String result(MethodResult result) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", result.status());
    body.set("payload", payload(result.payload()));
    return new String(JsonFields.write(body), StandardCharsets.UTF_8);
  }

  private static JsonNode payload(byte[] payload) {
    if (payload.length == 0) {
      return JsonNodeFactory.instance.nullNode();
    }
    return JsonFields.parseValueExactly(payload)
        .orElseGet(() -> JsonNodeFactory.instance.textNode(new String(payload, StandardCharsets.UTF_8)));
  }
}
