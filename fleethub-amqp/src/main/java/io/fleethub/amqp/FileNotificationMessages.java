package io.fleethub.amqp;

import io.fleethub.core.files.FileNotification;
import io.fleethub.core.files.FileNotificationDelivery;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

/**
 * A file upload notification as IoT Hub sends it on {@code /messages/servicebound/filenotifications}, and as the
 * service SDKs read it:
 *
 * <ul>
 *   <li>body: one Data section holding compact JSON
 *       {@code {"deviceId","blobUri","blobName","lastUpdatedTime","blobSizeInBytes","enqueuedTimeUtc"}};
 *       {@code lastUpdatedTime} as {@code 2016-06-01T21:22:41+00:00} (the Java SDK parses it with
 *       {@code yyyy-MM-dd'T'HH:mm:ssXXX}) and {@code enqueuedTimeUtc} as {@code 2016-06-01T21:22:43.799Z} (read up to
 *       milliseconds before {@code Z});
 *   <li>properties: content-type {@value #CONTENT_TYPE} (the .NET SDK's constant), user-id the hub name (binary,
 *       UTF-8), message-id the lock token;
 *   <li>message annotation {@code iothub-enqueuedtime}: when the notification was queued, as a timestamp;
 *   <li>delivery tag: the lock token as in {@link FeedbackMessages#deliveryTag}.
 * </ul>
 *
 * The Java SDK reads the body through {@code Binary.toString()}, which escapes bytes outside printable ASCII, so it
 * cannot read a notification whose blob name is not ASCII (as on IoT Hub). Stateless.
 */
final class FileNotificationMessages {
  /** The content type of a file upload notification. */
  static final String CONTENT_TYPE = "application/vnd.microsoft.iothub.filenotification.json";

  private static final DateTimeFormatter LAST_UPDATED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ENQUEUED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private FileNotificationMessages() {}

  static Message toMessage(FileNotificationDelivery delivery, String hubName) {
    Message message = Proton.message();
    message.setBody(new Data(new Binary(body(delivery.notification()).getBytes(StandardCharsets.UTF_8))));
    Properties properties = new Properties();
    properties.setMessageId(delivery.lockToken().value());
    properties.setUserId(new Binary(hubName.getBytes(StandardCharsets.UTF_8)));
    properties.setContentType(Symbol.valueOf(CONTENT_TYPE));
    message.setProperties(properties);
    message.setMessageAnnotations(new MessageAnnotations(Map.of(FeedbackMessages.ENQUEUED_TIME,
        Date.from(delivery.notification().enqueuedTime()))));
    return message;
  }

  /** The notification as IoT Hub's JSON object. */
  static String body(FileNotification notification) {
    return new JsonObject()
        .put("deviceId", notification.deviceId().value())
        .put("blobUri", notification.blobUri())
        .put("blobName", notification.blobName())
        .put("lastUpdatedTime", LAST_UPDATED.format(notification.lastUpdatedTime()))
        .put("blobSizeInBytes", notification.blobSizeInBytes())
        .put("enqueuedTimeUtc", ENQUEUED.format(notification.enqueuedTime()))
        .encode();
  }
}
