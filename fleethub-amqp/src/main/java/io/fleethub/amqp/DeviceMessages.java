package io.fleethub.amqp;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/**
 * How device messages look on AMQP device links, as the Azure device SDKs write and read them. Stateless.
 *
 * <p>Telemetry: the properties {@code message-id}, {@code correlation-id}, {@code user-id}, {@code to},
 * {@code content-type}, {@code content-encoding} and {@code absolute-expiry-time} become system properties;
 * {@code iothub-creation-time-utc}, {@code iothub-interface-id}, {@code dt-subject} and {@code iothub-outputname},
 * as annotations or application properties, too; an application property named as one of the hub's stamps
 * ({@code iothub-connection-device-id}, ...) is dropped; every other application property is the device's own.
 * The body is a Data section (an AMQP string value is taken as UTF-8, an absent body as empty).
 *
 * <p>Cloud-to-device: the message's system properties as AMQP properties ({@code to} is the device's devicebound
 * address, {@code absolute-expiry-time} its expiry), its application properties with {@code iothub-ack} when the
 * sender asked for feedback, the annotation {@code iothub-enqueuedtime}, and its body as one Data section.
 */
final class DeviceMessages {
  private static final Symbol ENQUEUED_TIME = Symbol.valueOf("iothub-enqueuedtime");
  private static final Map<String, String> ANNOTATED_SYSTEM_PROPERTIES = Map.of(
      MessageProperties.INTERFACE_ID, MessageProperties.INTERFACE_ID,
      MessageProperties.COMPONENT, MessageProperties.COMPONENT,
      MessageProperties.OUTPUT_NAME, MessageProperties.OUTPUT_NAME);

  /**
   * The hub's own stamps: a device's application property of one of these names is dropped (the Java SDK sends
   * {@code iothub-connection-device-id} with every message), as the hub sets them from the connection.
   */
  private static final Set<String> HUB_STAMPS = Set.of(
      MessageProperties.CONNECTION_DEVICE_ID, MessageProperties.CONNECTION_MODULE_ID,
      MessageProperties.CONNECTION_AUTH_METHOD, MessageProperties.CONNECTION_AUTH_GENERATION_ID,
      MessageProperties.ENQUEUED_TIME, MessageProperties.MESSAGE_SOURCE);

  private DeviceMessages() {}

  /** The telemetry a device sent; throws {@link IllegalArgumentException} for a body that is not data or text. */
  static DeviceMessage telemetry(Message message) {
    Map<String, String> system = new HashMap<>();
    putIfSet(system, MessageProperties.MESSAGE_ID, message.getMessageId());
    putIfSet(system, MessageProperties.CORRELATION_ID, message.getCorrelationId());
    if (message.getUserId() != null) {
      system.put(MessageProperties.USER_ID, new String(message.getUserId(), StandardCharsets.UTF_8));
    }
    putIfSet(system, MessageProperties.TO, message.getAddress());
    putIfSet(system, MessageProperties.CONTENT_TYPE, message.getContentType());
    putIfSet(system, MessageProperties.CONTENT_ENCODING, message.getContentEncoding());
    if (message.getExpiryTime() != 0) {
      system.put(MessageProperties.ABSOLUTE_EXPIRY_TIME, new Date(message.getExpiryTime()).toInstant().toString());
    }
    MessageAnnotations annotations = message.getMessageAnnotations();
    if (annotations != null && annotations.getValue() != null) {
      annotations.getValue().forEach((key, value) -> {
        String name = ANNOTATED_SYSTEM_PROPERTIES.get(key.toString());
        if (name != null) {
          putIfSet(system, name, value);
        }
      });
    }
    Map<String, String> application = new HashMap<>();
    ApplicationProperties properties = message.getApplicationProperties();
    if (properties != null && properties.getValue() != null) {
      properties.getValue().forEach((name, value) -> {
        if (value == null) {
          return;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (HUB_STAMPS.contains(lower)) {
          return;
        }
        if (lower.equals(MessageProperties.CREATION_TIME) || ANNOTATED_SYSTEM_PROPERTIES.containsKey(lower)) {
          system.put(lower, value.toString());
        } else {
          application.put(name, value.toString());
        }
      });
    }
    return new DeviceMessage(bodyOf(message), system, application);
  }

  /** A cloud-to-device message as the device receives it on {@code .../messages/devicebound}. */
  static Message deviceBound(CloudToDeviceMessage message) {
    Message amqp = Proton.message();
    SystemProperties system = message.properties();
    system.messageId().ifPresent(amqp::setMessageId);
    system.correlationId().ifPresent(amqp::setCorrelationId);
    system.userId().ifPresent(user -> amqp.setUserId(user.getBytes(StandardCharsets.UTF_8)));
    system.contentType().ifPresent(amqp::setContentType);
    system.contentEncoding().ifPresent(amqp::setContentEncoding);
    amqp.setAddress(message.to());
    amqp.setExpiryTime(message.expiryTime().toEpochMilli());
    Map<String, Object> application = new TreeMap<>(message.applicationProperties());
    if (message.ack() != Acknowledgement.NONE) {
      application.put(Acknowledgement.PROPERTY_NAME, message.ack().wireName());
    }
    amqp.setApplicationProperties(new ApplicationProperties(application));
    Map<Symbol, Object> annotations = new HashMap<>();
    annotations.put(ENQUEUED_TIME, Date.from(message.enqueuedTime()));
    amqp.setMessageAnnotations(new MessageAnnotations(annotations));
    amqp.setBody(new Data(new Binary(message.body())));
    return amqp;
  }

  /** The bytes of a message's body: a Data section, an AMQP binary or string value, or nothing. */
  static byte[] bodyOf(Message message) {
    Section body = message.getBody();
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof Data data) {
      return data.getValue() == null ? new byte[0] : bytesOf(data.getValue());
    }
    if (body instanceof AmqpValue value && value.getValue() instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (body instanceof AmqpValue value && value.getValue() instanceof Binary binary) {
      return bytesOf(binary);
    }
    throw new IllegalArgumentException("the body must be a Data section (or an AMQP string or binary value), not "
        + body.getType());
  }

  /** A copy of the binary's bytes. */
  static byte[] bytesOf(Binary binary) {
    byte[] bytes = new byte[binary.getLength()];
    System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, bytes.length);
    return bytes;
  }

  private static void putIfSet(Map<String, String> system, String name, Object value) {
    if (value != null) {
      system.put(name, value instanceof Binary binary
          ? new String(bytesOf(binary), StandardCharsets.UTF_8) : value.toString());
    }
  }
}
