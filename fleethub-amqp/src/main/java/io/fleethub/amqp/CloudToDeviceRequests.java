package io.fleethub.amqp;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

/**
 * A message a service sent to {@code /messages/devicebound}, read as IoT Hub reads it:
 *
 * <ul>
 *   <li>{@code to}: {@code /devices/{deviceId}/messages/devicebound} or
 *       {@code /devices/{deviceId}/modules/{moduleId}/messages/devicebound}, the fixed segments in any case, the ids
 *       percent-decoded (the Node SDK encodes them with {@code encodeURIComponent}, the Java SDK not at all);
 *   <li>properties: message-id and correlation-id (string, UUID, ulong or binary), user-id, content-type,
 *       content-encoding and absolute-expiry-time;
 *   <li>application properties: {@code iothub-ack} ({@code none}, {@code positive}, {@code negative} or
 *       {@code full}, ignoring case, or the Java SDK's {@code positiveonly} and {@code negativeonly}; {@code none}
 *       when absent), and the sender's own, each value as text (see {@link #text});
 *   <li>body: one Data section, or an AmqpValue holding a string (sent as UTF-8) or binary; none is empty.
 * </ul>
 *
 * A message the hub cannot read is refused with {@link ErrorCode#ARGUMENT_INVALID}. Stateless.
 */
final class CloudToDeviceRequests {
  /** A message for {@code target}, ready for the core. */
  record Request(IdentityRef target, OutgoingMessage message) {}

  private static final Pattern TO = Pattern.compile(
      "/?devices/([^/]+)(?:/modules/([^/]+))?/messages/devicebound/?", Pattern.CASE_INSENSITIVE);

  private CloudToDeviceRequests() {}

  /** Reads the message; {@link HubException} with {@link ErrorCode#ARGUMENT_INVALID} when it cannot be queued. */
  static Request read(Message message) {
    Properties properties = message.getProperties() == null ? new Properties() : message.getProperties();
    IdentityRef target = target(properties.getTo());
    Map<String, String> application = applicationProperties(message.getApplicationProperties());
    String ack = application.remove(Acknowledgement.PROPERTY_NAME);
    OutgoingMessage outgoing = new OutgoingMessage(body(message), systemProperties(properties),
        application, ack == null ? Acknowledgement.NONE : acknowledgement(ack), expiry(properties));
    return new Request(target, outgoing);
  }

  /** The device or module a {@code to} names. */
  static IdentityRef target(String to) {
    Matcher matcher = to == null ? null : TO.matcher(to);
    if (matcher == null || !matcher.matches()) {
      throw invalid("A cloud-to-device message needs 'to' set to /devices/{deviceId}/messages/devicebound or "
          + "/devices/{deviceId}/modules/{moduleId}/messages/devicebound, not '" + to + "'.");
    }
    try {
      DeviceId device = DeviceId.of(percentDecoded(matcher.group(1)));
      return matcher.group(2) == null
          ? IdentityRef.device(device)
          : IdentityRef.module(device, ModuleId.of(percentDecoded(matcher.group(2))));
    } catch (IllegalArgumentException e) {
      throw invalid("The 'to' of the message, '" + to + "', does not name a device: " + e.getMessage() + ".");
    }
  }

  /**
   * An application property value as the text IoT Hub passes to devices: strings as they are; numbers in
   * decimal; booleans as {@code True} and {@code False} (.NET's text, as IoT Hub is a .NET service); timestamps as
   * ISO-8601 instants; UUIDs and symbols as their text; binary in base64; null as the empty string. Lists, maps
   * and described types are refused.
   */
  static String text(String name, Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String || value instanceof Symbol || value instanceof Character || value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof Boolean flag) {
      return flag ? "True" : "False";
    }
    if (value instanceof Float || value instanceof Double) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number)
          ? new BigDecimal(Double.toString(number)).stripTrailingZeros().toPlainString()
          : Double.toString(number);
    }
    if (value instanceof Number) {
      return value.toString();
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    if (value instanceof Binary binary) {
      return Base64.getEncoder().encodeToString(DeviceMessages.bytesOf(binary));
    }
    throw invalid("The application property '" + name + "' holds a " + value.getClass().getSimpleName()
        + "; IoT Hub carries only strings, numbers, booleans, timestamps, UUIDs and binary values.");
  }

  private static Map<String, String> applicationProperties(ApplicationProperties section) {
    Map<String, String> properties = new HashMap<>();
    if (section != null && section.getValue() != null) {
      section.getValue().forEach((name, value) -> properties.put(name, text(name, value)));
    }
    return properties;
  }

  /**
   * The acknowledgement a sender asked for. Besides IoT Hub's names, the Java service SDK's are accepted: it sends
   * its {@code DeliveryAcknowledgement} enum's name in lower case, {@code positiveonly} and {@code negativeonly}.
   */
  private static Acknowledgement acknowledgement(String wireName) {
    String name = wireName.trim().toLowerCase(Locale.ROOT);
    if (name.equals("positiveonly")) {
      return Acknowledgement.POSITIVE;
    }
    if (name.equals("negativeonly")) {
      return Acknowledgement.NEGATIVE;
    }
    try {
      return Acknowledgement.fromWireName(name);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + ".");
    }
  }

  private static SystemProperties systemProperties(Properties properties) {
    return new SystemProperties(
        identifier(properties.getMessageId()),
        identifier(properties.getCorrelationId()),
        Optional.ofNullable(properties.getUserId()).map(id -> new String(DeviceMessages.bytesOf(id), StandardCharsets.UTF_8)),
        Optional.ofNullable(properties.getContentType()).map(Symbol::toString),
        Optional.ofNullable(properties.getContentEncoding()).map(Symbol::toString));
  }

  /** A message or correlation id as text: AMQP allows strings, UUIDs, ulongs and binary. */
  private static Optional<String> identifier(Object id) {
    if (id instanceof Binary binary) {
      return Optional.of(new String(DeviceMessages.bytesOf(binary), StandardCharsets.UTF_8));
    }
    return Optional.ofNullable(id).map(Object::toString);
  }

  private static byte[] body(Message message) {
    try {
      return DeviceMessages.bodyOf(message);
    } catch (IllegalArgumentException notDataOrText) {
      throw invalid("The body of a cloud-to-device message must be one Data section, or an AmqpValue holding a "
          + "string or binary.");
    }
  }

  private static Optional<Instant> expiry(Properties properties) {
    return Optional.ofNullable(properties.getAbsoluteExpiryTime()).map(Date::toInstant);
  }

  /** Decodes {@code %XX} escapes as UTF-8; text with a malformed escape is taken as it is. */
  private static String percentDecoded(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        decoded.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
          || Character.digit(segment.charAt(i + 2), 16) < 0) {
        return segment;
      }
      decoded.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
      i += 2;
    }
    return decoded.toString(StandardCharsets.UTF_8);
  }

  private static HubException invalid(String message) {
    return new HubException(ErrorCode.ARGUMENT_INVALID, message);
  }
}
