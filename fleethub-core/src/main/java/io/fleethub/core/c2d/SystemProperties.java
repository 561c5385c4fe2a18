package io.fleethub.core.c2d;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The system properties a service back end may set on a cloud-to-device message (AMQP properties, HTTPS
 * {@code iothub-*} headers), passed through to the device. The {@code to} property and the expiry are the hub's:
 * see {@link CloudToDeviceMessage#to()} and {@link CloudToDeviceMessage#expiryTime()}.
 *
 * @param messageId the sender's id; feedback records carry it as {@code originalMessageId}
 */
public record SystemProperties(
    Optional<String> messageId,
    Optional<String> correlationId,
    Optional<String> userId,
    Optional<String> contentType,
    Optional<String> contentEncoding) {

  public static final SystemProperties NONE =
      new SystemProperties(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public SystemProperties {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(contentEncoding, "contentEncoding");
  }

  /** Only a message id. */
  public static SystemProperties ofMessageId(String messageId) {
    return new SystemProperties(Optional.of(messageId), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** The UTF-8 bytes of the values present, as IoT Hub counts system properties against its size limit. */
  public int billedSize() {
    return Stream.of(messageId, correlationId, userId, contentType, contentEncoding)
        .flatMap(Optional::stream)
        .mapToInt(value -> value.getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }
}
