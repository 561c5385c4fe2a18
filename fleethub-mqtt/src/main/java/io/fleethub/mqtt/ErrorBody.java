package io.fleethub.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The body IoT Hub puts on a refused twin request's {@code $iothub/twin/res/{status}/...} answer:
 *
 * <pre>{@code
 * {"errorCode":412001,"trackingId":"<32 hex>-G:0-TimeStamp:01/02/2026 03:04:05",
 *  "message":"...","timestampUtc":"2026-01-02T03:04:05.1234567Z"}
 * }</pre>
 *
 * The Node SDK fails the request with {@code message} when the body has an {@code errorCode}; the Java SDK goes by
 * the status in the topic. Stateless and thread-safe.
 */
final class ErrorBody {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TRACKING_TIME =
      DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").withZone(ZoneOffset.UTC);

  private ErrorBody() {}

  static byte[] of(ErrorCode code, String message, Instant now) {
    var body = JSON.createObjectNode()
        .put("errorCode", code.number())
        .put("trackingId", UUID.randomUUID().toString().replace("-", "") + "-G:0-TimeStamp:"
            + TRACKING_TIME.format(now))
        .put("message", message)
        .put("timestampUtc", IotHubTime.format(now));
    try {
      return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an object of strings and a number cannot fail to serialize", e);
    }
  }
}
