package io.fleethub.eventlog.file;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.StoredEvent;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one event, big-endian:
 *
 * <pre>
 *   int    payloadLength       bytes after the checksum
 *   int    checksum            CRC-32C of the payload
 *   payload:
 *   long   sequenceNumber
 *   long   enqueuedTime        epoch milliseconds
 *   str    partitionKey
 *   int    n, n x (str, str)   system properties
 *   int    n, n x (str, str)   application properties
 *   int    bodyLength, bytes   body
 * </pre>
 *
 * where {@code str} is an int byte count followed by UTF-8. The payload after the sequence number (the "tail")
 * is encoded on the appending thread; the writer adds header and sequence number. Stateless and thread-safe.
 */
final class RecordCodec {
  static final int HEADER_BYTES = 8;
  static final int SEQUENCE_BYTES = 8;
  /** Smallest valid payload: sequence, time, empty key, no properties, empty body. */
  static final int MIN_PAYLOAD_BYTES = 8 + 8 + 4 + 4 + 4 + 4;
  static final int MAX_FRAME_BYTES = FileEventLogConfig.MAX_EVENT_BYTES;

  private RecordCodec() {}

  /** Bytes a frame with this tail takes on disk. */
  static int frameBytes(int tailLength) {
    return HEADER_BYTES + SEQUENCE_BYTES + tailLength;
  }

  /**
   * Encodes everything of an event after its sequence number. Throws {@link IllegalArgumentException} when the
   * frame would exceed {@link #MAX_FRAME_BYTES}.
   */
  static byte[] encodeTail(EventData event) {
    byte[] key = utf8(event.partitionKey());
    byte[][] system = encodeProperties(event.systemProperties());
    byte[][] application = encodeProperties(event.applicationProperties());
    long size = 8L + 4 + key.length + sizeOf(system) + sizeOf(application) + 4 + event.body().length;
    if (frameBytes(0) + size > MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("An event of " + (frameBytes(0) + size)
          + " bytes (body, properties and framing) exceeds the event log's limit of " + MAX_FRAME_BYTES + " bytes");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.putLong(event.enqueuedTime().toEpochMilli());
    out.putInt(key.length).put(key);
    putProperties(out, system);
    putProperties(out, application);
    out.putInt(event.body().length).put(event.body());
    return out.array();
  }

  /** The checksum the header of a frame with this sequence number and tail carries. */
  static int checksum(CRC32C crc, ByteBuffer sequenceBytes, byte[] tail) {
    crc.reset();
    crc.update(sequenceBytes.duplicate());
    crc.update(tail);
    return (int) crc.getValue();
  }

  /** Whether a payload (positioned at its start, limited to its end) matches the checksum of its header. */
  static boolean checksumMatches(ByteBuffer payload, int expected) {
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    return (int) crc.getValue() == expected;
  }

  static long sequenceOf(ByteBuffer payload) {
    return payload.getLong(payload.position());
  }

  static long timeMillisOf(ByteBuffer payload) {
    return payload.getLong(payload.position() + SEQUENCE_BYTES);
  }

  /** Decodes a payload whose checksum was verified; throws {@link CorruptRecordException} if it is malformed. */
  static StoredEvent decode(int partition, ByteBuffer payload) throws CorruptRecordException {
    ByteBuffer in = payload.duplicate();
    try {
      long sequence = in.getLong();
      Instant time = Instant.ofEpochMilli(in.getLong());
      String key = getString(in);
      Map<String, String> system = getProperties(in);
      Map<String, String> application = getProperties(in);
      byte[] body = new byte[checkedLength(in, in.getInt())];
      in.get(body);
      if (in.hasRemaining()) {
        throw new CorruptRecordException(in.remaining() + " unexpected bytes after the body");
      }
      EventData data = new EventData(time, key, system, application, body);
      return new StoredEvent(partition, sequence, Long.toString(sequence), data);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptRecordException("malformed payload: " + e);
    }
  }

  /** Overwrites the enqueued time of an encoded tail (its first field), before the tail is written. */
  static void putTimeMillis(byte[] tail, long timeMillis) {
    ByteBuffer.wrap(tail).putLong(0, timeMillis);
  }

  /** The event with another enqueued time, as the writer stores it when it raises the time. */
  static EventData withTimeMillis(EventData event, long timeMillis) {
    return new EventData(Instant.ofEpochMilli(timeMillis), event.partitionKey(), event.systemProperties(),
        event.applicationProperties(), event.body());
  }

  /** The event as it will read back: the enqueued time is kept to the millisecond. */
  static EventData asStored(EventData event) {
    Instant time = event.enqueuedTime();
    if (time.getNano() % 1_000_000 == 0) {
      return event;
    }
    return new EventData(Instant.ofEpochMilli(time.toEpochMilli()), event.partitionKey(), event.systemProperties(),
        event.applicationProperties(), event.body());
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[][] encodeProperties(Map<String, String> properties) {
    byte[][] encoded = new byte[properties.size() * 2][];
    int i = 0;
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      encoded[i++] = utf8(entry.getKey());
      encoded[i++] = utf8(entry.getValue());
    }
    return encoded;
  }

  private static long sizeOf(byte[][] properties) {
    long size = 4;
    for (byte[] part : properties) {
      size += 4 + part.length;
    }
    return size;
  }

  private static void putProperties(ByteBuffer out, byte[][] properties) {
    out.putInt(properties.length / 2);
    for (byte[] part : properties) {
      out.putInt(part.length).put(part);
    }
  }

  private static Map<String, String> getProperties(ByteBuffer in) throws CorruptRecordException {
    int count = in.getInt();
    if (count < 0 || count > in.remaining() / 8) {
      throw new CorruptRecordException("invalid property count " + count);
    }
    Map<String, String> properties = new HashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      properties.put(getString(in), getString(in));
    }
    return properties;
  }

  private static String getString(ByteBuffer in) throws CorruptRecordException {
    byte[] bytes = new byte[checkedLength(in, in.getInt())];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int checkedLength(ByteBuffer in, int length) throws CorruptRecordException {
    if (length < 0 || length > in.remaining()) {
      throw new CorruptRecordException("invalid field length " + length + " with " + in.remaining() + " bytes left");
    }
    return length;
  }
}
