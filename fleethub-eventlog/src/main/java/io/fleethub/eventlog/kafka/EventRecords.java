package io.fleethub.eventlog.kafka;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * How an event is laid out as a Kafka record, so that any Kafka client can read the topic: key = partition key
 * (UTF-8), value = body, timestamp = enqueued time (epoch milliseconds: the broker's append time on a
 * {@code LogAppendTime} topic, which replaces the time the record is sent with), and one header per property with
 * the value in UTF-8:
 *
 * <ul>
 *   <li>an application property under its own name ({@code temperature});
 *   <li>a system property under its name prefixed with {@value #SYSTEM_PREFIX} ({@code $message-id},
 *       {@code $iothub-connection-device-id}), as IoT Hub's routing queries name system properties;
 *   <li>an application property whose name starts with {@value #SYSTEM_PREFIX} or {@value #ESCAPE_PREFIX} under
 *       its name prefixed with {@value #ESCAPE_PREFIX} ({@code $custom} as {@code @$custom}), so the two kinds
 *       never collide.
 * </ul>
 *
 * <p>Reading back: a header starting with {@value #ESCAPE_PREFIX} is an application property (one prefix
 * removed), else one starting with {@value #SYSTEM_PREFIX} is a system property (prefix removed), else an
 * application property. A null key reads as the empty partition key, a null header value or body as empty.
 * Stateless and thread-safe.
 */
final class EventRecords {
  static final String SYSTEM_PREFIX = "$";
  static final String ESCAPE_PREFIX = "@";
  private static final byte[] EMPTY = new byte[0];

  private EventRecords() {}

  /** The event as the log stores it: the enqueued time kept to the millisecond, as the record timestamp is. */
  static EventData asStored(EventData event) {
    Instant millis = Instant.ofEpochMilli(event.enqueuedTime().toEpochMilli());
    if (millis.equals(event.enqueuedTime())) {
      return event;
    }
    return new EventData(millis, event.partitionKey(), event.systemProperties(), event.applicationProperties(),
        event.body());
  }

  /** The event with its enqueued time set to {@code epochMillis}; the same event when it has that time already. */
  static EventData withEnqueuedTime(EventData event, long epochMillis) {
    if (event.enqueuedTime().toEpochMilli() == epochMillis && event.enqueuedTime().getNano() % 1_000_000 == 0) {
      return event;
    }
    return new EventData(Instant.ofEpochMilli(epochMillis), event.partitionKey(), event.systemProperties(),
        event.applicationProperties(), event.body());
  }

  /**
   * The record for an event already {@link #asStored stored}; throws {@link IllegalArgumentException} for an
   * enqueued time before 1970, which Kafka cannot store.
   */
  static ProducerRecord<byte[], byte[]> toRecord(String topic, int partition, EventData event) {
    long timestamp = event.enqueuedTime().toEpochMilli();
    if (timestamp < 0) {
      throw new IllegalArgumentException("enqueuedTime " + event.enqueuedTime()
          + " is before 1970; Kafka record timestamps cannot be negative");
    }
    List<Header> headers = new ArrayList<>();
    event.systemProperties().forEach((name, value) -> headers.add(header(SYSTEM_PREFIX + name, value)));
    event.applicationProperties().forEach((name, value) -> headers.add(header(applicationHeaderName(name), value)));
    return new ProducerRecord<>(topic, partition, timestamp, utf8(event.partitionKey()), event.body(), headers);
  }

  static StoredEvent toEvent(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> system = new HashMap<>();
    Map<String, String> application = new HashMap<>();
    for (Header header : record.headers()) {
      String name = header.key();
      String value = header.value() == null ? "" : text(header.value());
      if (name.startsWith(ESCAPE_PREFIX)) {
        application.put(name.substring(ESCAPE_PREFIX.length()), value);
      } else if (name.startsWith(SYSTEM_PREFIX)) {
        system.put(name.substring(SYSTEM_PREFIX.length()), value);
      } else {
        application.put(name, value);
      }
    }
    String partitionKey = record.key() == null ? "" : text(record.key());
    byte[] body = record.value() == null ? EMPTY : record.value();
    EventData data = new EventData(Instant.ofEpochMilli(record.timestamp()), partitionKey, system, application, body);
    return new StoredEvent(record.partition(), record.offset(), Long.toString(record.offset()), data);
  }

  private static String applicationHeaderName(String name) {
    if (name.startsWith(SYSTEM_PREFIX) || name.startsWith(ESCAPE_PREFIX)) {
      return ESCAPE_PREFIX + name;
    }
    return name;
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, utf8(value));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
