package io.fleethub.bench.service;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;

/**
 * The bench's cloud-to-device messages: addressed as the service SDKs address them ({@code to} =
 * {@code /devices/{deviceId}/messages/devicebound}), each with a message id, the run it belongs to and the moment
 * it was sent ({@link System#nanoTime()}) as application properties, which reach the device in its topic's
 * property bag. The sender and the devices share one JVM, so one clock times the message. Stateless.
 */
public final class CloudToDeviceMessages {
  /** The application property naming the run: messages another run left in a device's queue are told apart. */
  public static final String RUN_PROPERTY = "bench-run";
  /** The application property holding the send time, {@link System#nanoTime()} in decimal. */
  public static final String SENT_PROPERTY = "bench-sent-nanos";

  private CloudToDeviceMessages() {}

  public static Message message(String deviceId, String messageId, String runId, long sentNanos, byte[] body) {
    Message message = Proton.message();
    message.setAddress("/devices/" + deviceId + "/messages/devicebound");
    message.setMessageId(messageId);
    message.setApplicationProperties(new ApplicationProperties(Map.of(RUN_PROPERTY, runId,
        SENT_PROPERTY, Long.toString(sentNanos))));
    message.setBody(new Data(new Binary(body)));
    return message;
  }

  /**
   * When a message that reached a device was sent, from the properties of its topic; empty when it belongs to
   * another run or carries no valid send time.
   */
  public static OptionalLong sentNanos(Map<String, String> properties, String runId) {
    if (!runId.equals(properties.get(RUN_PROPERTY))) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(properties.getOrDefault(SENT_PROPERTY, "")));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
