package io.fleethub.testkit.store;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.FeedbackStatus;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Cloud-to-device messages and feedback records for store tests. Instants carry microseconds, so a store that
 * rounds them is caught; every message expires an hour after {@link #NOW}.
 */
public final class CloudToDeviceExamples {
  public static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123456Z");
  public static final Instant EXPIRY = NOW.plus(Duration.ofHours(1));
  public static final Duration LOCK = Duration.ofMinutes(1);

  private CloudToDeviceExamples() {}

  public static IdentityRef device(String id) {
    return IdentityRef.device(DeviceId.of(id));
  }

  public static IdentityRef module(String deviceId, String moduleId) {
    return IdentityRef.module(DeviceId.of(deviceId), ModuleId.of(moduleId));
  }

  /** A message to {@code target} whose body is {@code text}, with every optional field present. */
  public static CloudToDeviceMessage message(IdentityRef target, String text) {
    return new CloudToDeviceMessage(target, "638000000000000001", text.getBytes(StandardCharsets.UTF_8),
        new SystemProperties(Optional.of("mid-" + text), Optional.of("cid-" + text), Optional.of("service"),
            Optional.of("application/json"), Optional.of("utf-8")),
        Map.of("color", "grün", "empty", "", "with space", "a&b=c"), Acknowledgement.FULL, NOW, EXPIRY, 0,
        Optional.empty());
  }

  /** A message with every optional field absent and an empty body. */
  public static CloudToDeviceMessage bareMessage(IdentityRef target) {
    return new CloudToDeviceMessage(target, "638000000000000002", new byte[0], SystemProperties.NONE, Map.of(),
        Acknowledgement.NONE, NOW, EXPIRY, 0, Optional.empty());
  }

  /** A message that expires at {@code expiry}. */
  public static CloudToDeviceMessage expiringAt(IdentityRef target, String text, Instant expiry) {
    CloudToDeviceMessage m = message(target, text);
    return new CloudToDeviceMessage(m.target(), m.deviceGenerationId(), m.body(), m.properties(),
        m.applicationProperties(), m.ack(), m.enqueuedTime(), expiry, m.deliveryCount(), m.lock());
  }

  /** A new lock taken at {@code at}, holding for {@link #LOCK}. */
  public static MessageLock lockAt(Instant at) {
    return new MessageLock(LockToken.random(), at.plus(LOCK));
  }

  /** A feedback record about the message with id {@code messageId}, with an outcome at {@code at}. */
  public static FeedbackRecord feedback(String messageId, Instant at) {
    return new FeedbackRecord(Optional.of(messageId), at, FeedbackStatus.DELIVERY_COUNT_EXCEEDED,
        "DeliveryCountExceeded", DeviceId.of("thermostat"), "638000000000000001");
  }

  /** A feedback record without an original message id. */
  public static FeedbackRecord anonymousFeedback(Instant at) {
    return new FeedbackRecord(Optional.empty(), at, FeedbackStatus.SUCCESS, "Success", DeviceId.of("anonymous"),
        "638000000000000003");
  }
}
