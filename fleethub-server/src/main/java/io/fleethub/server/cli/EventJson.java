package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

/**
 * An event of the built-in endpoint as {@code az iot hub monitor-events} prints it:
 * {@code {"event":{"origin":..,"module":..,"interface":..,"component":..,"payload":..}}}, where origin and
 * module are IoT Hub's {@code iothub-connection-device-id} and {@code -module-id} annotations, interface and
 * component its {@code dt-dataschema} and {@code dt-subject} ({@code ""} when absent), and the payload is the body
 * as JSON when it parses as JSON, else as text. With properties, also {@code "properties":{"system":..,
 * "application":..}} (system properties named as az names them, e.g. {@code message_id}) and
 * {@code "annotations"}; times are milliseconds since the epoch. Stateless.
 */
final class EventJson {
  static final Symbol DEVICE_ID = Symbol.valueOf("iothub-connection-device-id");
  static final Symbol MODULE_ID = Symbol.valueOf("iothub-connection-module-id");
  private static final Symbol INTERFACE = Symbol.valueOf("dt-dataschema");
  private static final Symbol COMPONENT = Symbol.valueOf("dt-subject");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectReader STRICT_JSON =
      JsonOutput.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EventJson() {}

  /** The device that sent the event, from IoT Hub's stamp; {@code ""} without one. */
  static String deviceId(Message message) {
    return annotation(message, DEVICE_ID);
  }

  static ObjectNode of(Message message, boolean withProperties) {
    ObjectNode event = NODES.objectNode();
    event.put("origin", deviceId(message));
    event.put("module", annotation(message, MODULE_ID));
    event.put("interface", annotation(message, INTERFACE));
    event.put("component", annotation(message, COMPONENT));
    if (withProperties) {
      ObjectNode properties = event.putObject("properties");
      properties.set("system", systemProperties(message.getProperties()));
      properties.set("application", map(message.getApplicationProperties() == null ? null
          : message.getApplicationProperties().getValue()));
      event.set("annotations", map(message.getMessageAnnotations() == null ? null
          : message.getMessageAnnotations().getValue()));
    }
    event.set("payload", payload(message));
    ObjectNode root = NODES.objectNode();
    root.set("event", event);
    return root;
  }

  private static String annotation(Message message, Symbol name) {
    Object value = message.getMessageAnnotations() == null ? null
        : message.getMessageAnnotations().getValue().get(name);
    return value == null ? "" : String.valueOf(value);
  }

  /** The properties section under the names az prints (uamqp's attribute names), leaving out those not set. */
  private static ObjectNode systemProperties(Properties properties) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (properties != null) {
      values.put("message_id", properties.getMessageId());
      values.put("user_id", properties.getUserId());
      values.put("to", properties.getTo());
      values.put("subject", properties.getSubject());
      values.put("reply_to", properties.getReplyTo());
      values.put("correlation_id", properties.getCorrelationId());
      values.put("content_type", properties.getContentType());
      values.put("content_encoding", properties.getContentEncoding());
      values.put("absolute_expiry_time", properties.getAbsoluteExpiryTime());
      values.put("creation_time", properties.getCreationTime());
      values.put("group_id", properties.getGroupId());
      values.put("group_sequence", properties.getGroupSequence());
      values.put("reply_to_group_id", properties.getReplyToGroupId());
    }
    ObjectNode node = NODES.objectNode();
    values.forEach((name, value) -> {
      if (value != null) {
        node.set(name, value(value));
      }
    });
    return node;
  }

  private static ObjectNode map(Map<?, ?> entries) {
    ObjectNode node = NODES.objectNode();
    if (entries != null) {
      entries.forEach((name, value) -> node.set(String.valueOf(name), value(value)));
    }
    return node;
  }

  private static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Date date) {
      return NODES.numberNode(date.getTime());
    }
    if (value instanceof Binary binary) {
      return NODES.textNode(new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(),
          StandardCharsets.UTF_8));
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof Map<?, ?> nested) {
      return map(nested);
    }
    if (value instanceof UnsignedLong unsigned) {
      return NODES.numberNode(unsigned.bigIntegerValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return NODES.numberNode(((Number) value).doubleValue());
    }
    if (value instanceof Number number) {
      return NODES.numberNode(number.longValue());
    }
    return NODES.textNode(String.valueOf(value));
  }

  /** The body as JSON when it parses as one JSON value, else as text. */
  private static JsonNode payload(Message message) {
    String text = bodyText(message);
    if (text.isBlank()) {
      return NODES.textNode(text);
    }
    try {
      JsonNode parsed = STRICT_JSON.readTree(text);
      return parsed == null || parsed.isMissingNode() ? NODES.textNode(text) : parsed;
    } catch (IOException notJson) {
      return NODES.textNode(text);
    }
  }

  private static String bodyText(Message message) {
    Object body = message.getBody();
    if (body instanceof Data data && data.getValue() != null) {
      Binary binary = data.getValue();
      return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), charset(message));
    }
    if (body instanceof AmqpValue value && value.getValue() instanceof Binary binary) {
      return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), charset(message));
    }
    if (body instanceof AmqpValue value && value.getValue() != null) {
      return String.valueOf(value.getValue());
    }
    return "";
  }

  /** The body's encoding as its content-encoding names it, else UTF-8. */
  private static Charset charset(Message message) {
    Optional<String> encoding = Optional.ofNullable(message.getContentEncoding()).filter(name -> !name.isBlank());
    if (encoding.isEmpty()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(encoding.get());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
