package io.fleethub.amqp;

import io.fleethub.core.c2d.FeedbackBatch;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.telemetry.MessageProperties;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

/**
 * A feedback batch as IoT Hub sends it on {@code /messages/servicebound/feedback}, and as the service SDKs read it:
 *
 * <ul>
 *   <li>body: one Data section holding the records as a compact JSON array, each
 *       {@code {"originalMessageId","enqueuedTimeUtc","statusCode","description","deviceId","deviceGenerationId"}},
 *       times as {@code 2015-07-28T16:24:48.789Z} (IoT Hub's documented example; the Java SDK's
 *       {@code ParserUtility.getDateTimeUtc} reads up to milliseconds before {@code Z}) and a record without a
 *       message id carrying {@code null};
 *   <li>properties: content-type {@value FeedbackBatch#CONTENT_TYPE} (the .NET SDK checks it), user-id the hub name
 *       (binary, UTF-8), message-id the batch's lock token;
 *   <li>message annotation {@code iothub-enqueuedtime}: when the batch was formed, as a timestamp (the .NET SDK
 *       reads it as a DateTime);
 *   <li>delivery tag: the lock token's 16 bytes in .NET's GUID layout, which the .NET SDK turns back into the lock
 *       token it shows.
 * </ul>
 *
 * The JSON has no line breaks: the Java SDK reads the body through {@code Binary.toString()}, which escapes every
 * byte outside printable ASCII (and every backslash), so a record whose text needs JSON escapes or is not ASCII
 * cannot be read by that SDK, on IoT Hub as here. Stateless.
 */
final class FeedbackMessages {
  static final Symbol ENQUEUED_TIME = Symbol.valueOf(MessageProperties.ENQUEUED_TIME);

  private static final DateTimeFormatter RECORD_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private FeedbackMessages() {}

  static Message toMessage(FeedbackBatch batch, String hubName) {
    Message message = Proton.message();
    message.setBody(new Data(new Binary(body(batch).getBytes(StandardCharsets.UTF_8))));
    Properties properties = new Properties();
    properties.setMessageId(batch.lockToken().value());
    properties.setUserId(new Binary(hubName.getBytes(StandardCharsets.UTF_8)));
    properties.setContentType(Symbol.valueOf(FeedbackBatch.CONTENT_TYPE));
    message.setProperties(properties);
    message.setMessageAnnotations(new MessageAnnotations(Map.of(ENQUEUED_TIME, Date.from(batch.enqueuedTime()))));
    return message;
  }

  /** The records as IoT Hub's JSON array, oldest first. */
  static String body(FeedbackBatch batch) {
    JsonArray records = new JsonArray();
    for (FeedbackRecord record : batch.records()) {
      records.add(new JsonObject()
          .put("originalMessageId", record.originalMessageId().orElse(null))
          .put("enqueuedTimeUtc", RECORD_TIME.format(record.enqueuedTime()))
          .put("statusCode", record.status().wireName())
          .put("description", record.description())
          .put("deviceId", record.deviceId().value())
          .put("deviceGenerationId", record.deviceGenerationId()));
    }
    return records.encode();
  }

  /**
   * The delivery tag of a batch: its lock token as the 16 bytes of a .NET {@code Guid} (the first three fields
   * little-endian), or the token's UTF-8 bytes when it is not a UUID.
   */
  static byte[] deliveryTag(LockToken token) {
    UUID uuid;
    try {
      uuid = UUID.fromString(token.value());
    } catch (IllegalArgumentException notUuid) {
      return token.value().getBytes(StandardCharsets.UTF_8);
    }
    byte[] big = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();
    byte[] tag = big.clone();
    for (int i = 0; i < 4; i++) {
      tag[i] = big[3 - i];
    }
    tag[4] = big[5];
    tag[5] = big[4];
    tag[6] = big[7];
    tag[7] = big[6];
    return tag;
  }
}
