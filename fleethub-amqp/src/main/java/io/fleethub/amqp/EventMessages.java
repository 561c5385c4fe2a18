package io.fleethub.amqp;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

/**
 * An event of the log as the built-in endpoint delivers it, placed as IoT Hub places it (and as the Event Hubs
 * SDKs read it back: message annotations and the properties section become {@code getSystemProperties()},
 * application properties become {@code getProperties()}):
 *
 * <ul>
 *   <li>body: one Data section with the event's bytes;
 *   <li>message annotations: {@code x-opt-sequence-number} (long), {@code x-opt-offset} (string),
 *       {@code x-opt-enqueued-time} (timestamp), {@code x-opt-partition-key}, the hub's stamps
 *       ({@code iothub-connection-device-id}, {@code -module-id}, {@code -auth-method}, {@code -auth-generation-id},
 *       {@code iothub-message-source}, {@code iothub-enqueuedtime} as a timestamp), and the other system
 *       properties such as {@code dt-dataschema}, {@code dt-subject} and {@code iothub-interface-id};
 *   <li>properties: message-id, correlation-id, user-id (binary), content-type, content-encoding,
 *       absolute-expiry-time;
 *   <li>application properties: the sender's properties, and {@code iothub-creation-time-utc} when it set one.
 * </ul>
 *
 * The {@code to} a device may set is not passed on.
 *
 * Stateless and thread-safe.
 */
final class EventMessages {
  static final Symbol SEQUENCE_NUMBER = Symbol.valueOf(StartPosition.SEQUENCE_NUMBER);
  static final Symbol OFFSET = Symbol.valueOf(StartPosition.OFFSET);
  static final Symbol ENQUEUED_TIME = Symbol.valueOf(StartPosition.ENQUEUED_TIME);
  static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");

  /** The system properties carried in the AMQP properties section; every other one is a message annotation. */
  private static final Set<String> PROPERTIES_SECTION = Set.of(MessageProperties.MESSAGE_ID,
      MessageProperties.CORRELATION_ID, MessageProperties.USER_ID, MessageProperties.CONTENT_TYPE,
      MessageProperties.CONTENT_ENCODING, MessageProperties.ABSOLUTE_EXPIRY_TIME);

  /** The system properties IoT Hub passes on as application properties. */
  private static final Set<String> APPLICATION_SECTION = Set.of(MessageProperties.CREATION_TIME);

  private EventMessages() {}

  /**
   * The message for {@code event}. With {@code partition} given (the receiver asked for
   * {@code com.microsoft:enable-receiver-runtime-metric}), delivery annotations report the partition's last
   * enqueued event as Event Hubs does.
   */
  static Message toMessage(StoredEvent event, PartitionInfo partition, Instant retrievedAt) {
    EventData data = event.data();
    Message message = Proton.message();
    message.setBody(new Data(new Binary(data.body())));
    Map<Symbol, Object> annotations = new HashMap<>();
    annotations.put(SEQUENCE_NUMBER, event.sequenceNumber());
    annotations.put(OFFSET, event.offset());
    annotations.put(ENQUEUED_TIME, Date.from(data.enqueuedTime()));
    annotations.put(PARTITION_KEY, data.partitionKey());
    Map<String, Object> application = new HashMap<>(data.applicationProperties());
    Properties properties = new Properties();
    data.systemProperties().forEach((name, value) -> {
      if (MessageProperties.TO.equals(name)) {
        return;
      }
      if (PROPERTIES_SECTION.contains(name)) {
        setProperty(properties, name, value);
      } else if (APPLICATION_SECTION.contains(name)) {
        application.putIfAbsent(name, value);
      } else {
        annotations.put(Symbol.valueOf(name), annotationValue(name, value, data.enqueuedTime()));
      }
    });
    message.setProperties(properties);
    message.setMessageAnnotations(new MessageAnnotations(annotations));
    message.setApplicationProperties(new ApplicationProperties(application));
    if (partition != null) {
      message.setDeliveryAnnotations(runtimeMetrics(partition, retrievedAt));
    }
    return message;
  }

  private static Object annotationValue(String name, String value, Instant enqueuedTime) {
    if (MessageProperties.ENQUEUED_TIME.equals(name)) {
      Instant time = parseInstant(value);
      return Date.from(time == null ? enqueuedTime : time);
    }
    return value;
  }

  private static void setProperty(Properties properties, String name, String value) {
    switch (name) {
      case MessageProperties.MESSAGE_ID -> properties.setMessageId(value);
      case MessageProperties.CORRELATION_ID -> properties.setCorrelationId(value);
      case MessageProperties.USER_ID -> properties.setUserId(new Binary(value.getBytes(StandardCharsets.UTF_8)));
      case MessageProperties.CONTENT_TYPE -> properties.setContentType(Symbol.valueOf(value));
      case MessageProperties.CONTENT_ENCODING -> properties.setContentEncoding(Symbol.valueOf(value));
      default -> {
        Instant expiry = parseInstant(value);
        if (expiry != null) {
          properties.setAbsoluteExpiryTime(Date.from(expiry));
        }
      }
    }
  }

  private static DeliveryAnnotations runtimeMetrics(PartitionInfo partition, Instant retrievedAt) {
    Map<Symbol, Object> metrics = new HashMap<>();
    metrics.put(Symbol.valueOf("last_enqueued_sequence_number"), partition.lastEnqueuedSequenceNumber());
    metrics.put(Symbol.valueOf("last_enqueued_offset"), partition.lastEnqueuedOffset().orElse("-1"));
    metrics.put(Symbol.valueOf("last_enqueued_time_utc"),
        Date.from(partition.lastEnqueuedTime().orElse(Instant.EPOCH)));
    metrics.put(Symbol.valueOf("runtime_info_retrieval_time_utc"), Date.from(retrievedAt));
    return new DeliveryAnnotations(metrics);
  }

  /** An ISO-8601 instant, or milliseconds since the epoch; null when the text is neither. */
  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notIso) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(text.trim()));
      } catch (NumberFormatException notMillis) {
        return null;
      }
    }
  }
}
