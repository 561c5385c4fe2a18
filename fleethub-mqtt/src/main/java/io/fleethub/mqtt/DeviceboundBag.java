package io.fleethub.mqtt;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.SystemProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The property bag of a cloud-to-device message's topic, {@code devices/{d}/messages/devicebound/{bag}}, as IoT Hub
 * writes it: {@code %24.mid}, {@code %24.cid}, {@code %24.uid}, {@code %24.ct} and {@code %24.ce} when the sender
 * set them, then always {@code %24.to} and {@code %24.exp} (the absolute expiry, e.g.
 * {@code 2020-07-25T14%3A14%3A25.1720000Z}), {@code iothub-ack} unless it is {@code none}, then the application
 * properties in name order. Keys and values are percent-encoded ({@link PropertyBag#encode}).
 *
 * <p>{@code %24.to} is never left out: the Java SDK finds the bag by the first {@code %24} in the topic, and the
 * Node SDK reads the fifth segment ({@code %2F} keeps a value's slashes out of the segments). An application
 * property named like a system property does not replace it. Stateless and thread-safe.
 */
final class DeviceboundBag {
  private DeviceboundBag() {}

  static String of(CloudToDeviceMessage message) {
    Map<String, String> bag = new LinkedHashMap<>();
    SystemProperties system = message.properties();
    system.messageId().ifPresent(id -> bag.put("$.mid", id));
    system.correlationId().ifPresent(id -> bag.put("$.cid", id));
    system.userId().ifPresent(id -> bag.put("$.uid", id));
    system.contentType().ifPresent(type -> bag.put("$.ct", type));
    system.contentEncoding().ifPresent(encoding -> bag.put("$.ce", encoding));
    bag.put("$.to", message.to());
    bag.put("$.exp", IotHubTime.format(message.expiryTime()));
    if (message.ack() != Acknowledgement.NONE) {
      bag.put(Acknowledgement.PROPERTY_NAME, message.ack().wireName());
    }
    new TreeMap<>(message.applicationProperties()).forEach(bag::putIfAbsent);
    return PropertyBag.encode(bag);
  }
}
