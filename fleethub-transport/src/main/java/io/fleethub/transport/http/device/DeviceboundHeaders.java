package io.fleethub.transport.http.device;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.c2d.SystemProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers of a cloud-to-device message received over HTTPS ({@code GET /devices/{id}/messages/devicebound}),
 * as IoT Hub writes them:
 *
 * <ul>
 *   <li>{@code ETag: "{lockToken}"}, quoted: the Node SDK strips the first and last characters, the Java SDK every
 *       {@code "};
 *   <li>{@code iothub-messageid}, {@code iothub-correlationid}, {@code iothub-userid}, {@code iothub-contenttype},
 *       {@code iothub-contentencoding} when the sender set them; always {@code iothub-to}, {@code iothub-expiry}
 *       (e.g. {@code 2020-07-25T14:14:25.1720000Z}), {@code iothub-enqueuedtime} and {@code iothub-deliverycount};
 *       {@code iothub-ack} unless it is {@code none};
 *   <li>{@code iothub-app-{name}} for each application property, in name order.
 * </ul>
 *
 * A header carries bytes, not text: a value is written as its UTF-8 bytes, and control characters (which would
 * break the header) become spaces. Stateless and thread-safe.
 */
final class DeviceboundHeaders {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private DeviceboundHeaders() {}

  static Map<String, String> of(CloudToDeviceMessage message, MessageLock lock) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ETag", "\"" + lock.token().value() + "\"");
    SystemProperties system = message.properties();
    system.messageId().ifPresent(id -> headers.put("iothub-messageid", id));
    system.correlationId().ifPresent(id -> headers.put("iothub-correlationid", id));
    system.userId().ifPresent(id -> headers.put("iothub-userid", id));
    system.contentType().ifPresent(type -> headers.put("iothub-contenttype", type));
    system.contentEncoding().ifPresent(encoding -> headers.put("iothub-contentencoding", encoding));
    headers.put("iothub-to", message.to());
    headers.put("iothub-expiry", format(message.expiryTime()));
    headers.put("iothub-enqueuedtime", format(message.enqueuedTime()));
    headers.put("iothub-deliverycount", Integer.toString(message.deliveryCount()));
    if (message.ack() != Acknowledgement.NONE) {
      headers.put("iothub-ack", message.ack().wireName());
    }
    new TreeMap<>(message.applicationProperties()).forEach((name, value) -> headers.put("iothub-app-" + name, value));
    headers.replaceAll((name, value) -> headerSafe(value));
    return headers;
  }

  private static String format(Instant instant) {
    return TIME.format(instant);
  }

  /** The value's UTF-8 bytes, one char each, with control characters replaced by spaces. */
  private static String headerSafe(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder safe = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      char c = (char) (b & 0xFF);
      safe.append(c < 0x20 || c == 0x7F ? ' ' : c);
    }
    return safe.toString();
  }
}
