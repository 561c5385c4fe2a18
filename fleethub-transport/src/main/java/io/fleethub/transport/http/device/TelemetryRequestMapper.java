package io.fleethub.transport.http.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a telemetry request ({@code POST /devices/{id}/messages/events}) into {@link DeviceMessage}s, as IoT Hub
 * reads it:
 *
 * <ul>
 *   <li>a single message: the body as sent; the {@code iothub-*} headers of {@link #SYSTEM_NAMES} become system
 *       properties, each {@code iothub-app-{name}} header an application property {@code name} (the name as sent);
 *       every other header is HTTP's own and ignored;
 *   <li>a batch, content type {@value #BATCH_CONTENT_TYPE}: a JSON array of
 *       {@code {"body":"..","base64Encoded":true,"properties":{..}}}, the body base64 when {@code base64Encoded} is
 *       true and UTF-8 text otherwise, the properties named as the headers of a single message (a name without the
 *       {@code iothub-} prefix is an application property too). Anything else is refused with 400 ArgumentInvalid.
 * </ul>
 *
 * Stamps only the hub may set ({@code iothub-connection-*}) are dropped. Stateless and thread-safe.
 */
final class TelemetryRequestMapper {
  static final String BATCH_CONTENT_TYPE = "application/vnd.microsoft.iothub.json";

  private static final String APP_PREFIX = "iothub-app-";
  private static final String SYSTEM_PREFIX = "iothub-";

  /** The HTTPS names of the system properties a device may set, by the names the hub keeps them under. */
  static final Map<String, String> SYSTEM_NAMES = Map.ofEntries(
      Map.entry("iothub-messageid", MessageProperties.MESSAGE_ID),
      Map.entry("iothub-correlationid", MessageProperties.CORRELATION_ID),
      Map.entry("iothub-userid", MessageProperties.USER_ID),
      Map.entry("iothub-to", MessageProperties.TO),
      Map.entry("iothub-contenttype", MessageProperties.CONTENT_TYPE),
      Map.entry("iothub-contentencoding", MessageProperties.CONTENT_ENCODING),
      Map.entry("iothub-expiry", MessageProperties.ABSOLUTE_EXPIRY_TIME),
      Map.entry("iothub-creation-time-utc", MessageProperties.CREATION_TIME),
      Map.entry("iothub-outputname", MessageProperties.OUTPUT_NAME),
      Map.entry("iothub-interface-id", MessageProperties.INTERFACE_ID),
      Map.entry("dt-subject", MessageProperties.COMPONENT));

  private static final ObjectMapper JSON = new ObjectMapper();

  /** True when {@code contentType} (parameters and case aside) marks a batch. */
  static boolean isBatch(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.trim().equalsIgnoreCase(BATCH_CONTENT_TYPE);
  }

  /**
   * The message of a single-message request.
   *
   * @param headers the request's headers (names as sent; the first value of each)
   */
  static DeviceMessage single(Map<String, String> headers, byte[] body) {
    Map<String, String> system = new HashMap<>();
    Map<String, String> application = new HashMap<>();
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(APP_PREFIX)) {
        application.put(name.substring(APP_PREFIX.length()), value);
      } else if (SYSTEM_NAMES.containsKey(lower)) {
        system.put(SYSTEM_NAMES.get(lower), value);
      }
    });
    return new DeviceMessage(body, system, application);
  }

  /** The messages of a batch request, in their order; throws {@link HubException} (400) for a malformed batch. */
  static List<DeviceMessage> batch(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed("it is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw malformed("it cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw malformed("it must be a JSON array of {\"body\":..,\"base64Encoded\":..,\"properties\":{..}}");
    }
    if (root.isEmpty()) {
      throw malformed("it holds no messages");
    }
    List<DeviceMessage> messages = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      messages.add(batchItem(root.get(i), i));
    }
    return messages;
  }

  private static DeviceMessage batchItem(JsonNode item, int index) {
    if (!item.isObject()) {
      throw malformed("item " + index + " is not a JSON object");
    }
    JsonNode body = item.get("body");
    if (body == null || !body.isTextual()) {
      throw malformed("item " + index + " has no \"body\" string");
    }
    JsonNode base64Encoded = item.path("base64Encoded");
    if (!base64Encoded.isMissingNode() && !base64Encoded.isBoolean()) {
      throw malformed("item " + index + " has a \"base64Encoded\" that is not true or false");
    }
    byte[] bytes;
    if (base64Encoded.asBoolean(false)) {
      try {
        bytes = Base64.getDecoder().decode(body.textValue());
      } catch (IllegalArgumentException e) {
        throw malformed("the body of item " + index + " is not base64: " + e.getMessage());
      }
    } else {
      bytes = body.textValue().getBytes(StandardCharsets.UTF_8);
    }
    Map<String, String> system = new HashMap<>();
    Map<String, String> application = new HashMap<>();
    JsonNode properties = item.path("properties");
    if (!properties.isMissingNode() && !properties.isNull()) {
      if (!properties.isObject()) {
        throw malformed("the \"properties\" of item " + index + " is not a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getValue().isValueNode() || field.getValue().isNull()) {
          throw malformed("property '" + field.getKey() + "' of item " + index + " is not a string");
        }
        putProperty(field.getKey(), field.getValue().asText(), system, application);
      }
    }
    return new DeviceMessage(bytes, system, application);
  }

  private static void putProperty(String name, String value, Map<String, String> system,
      Map<String, String> application) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith(APP_PREFIX)) {
      application.put(name.substring(APP_PREFIX.length()), value);
    } else if (SYSTEM_NAMES.containsKey(lower)) {
      system.put(SYSTEM_NAMES.get(lower), value);
    } else if (!lower.startsWith(SYSTEM_PREFIX)) {
      application.put(name, value);
    }
  }

  private static HubException malformed(String why) {
    return new HubException(ErrorCode.ARGUMENT_INVALID,
        "The batch (content type " + BATCH_CONTENT_TYPE + ") is malformed: " + why + ".");
  }
}
