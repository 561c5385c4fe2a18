package io.fleethub.core.telemetry;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.Partitioner;
import io.fleethub.core.eventlog.StoredEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Accepts device-to-cloud messages: checks IoT Hub's size limit, stamps the message with who sent it and when,
 * and appends it to the event log in the sender's device partition. Thread-safe and non-blocking.
 */
public final class TelemetryService {
  /** IoT Hub's limit on a device-to-cloud message, counted by {@link DeviceMessage#billedSize()}. */
  public static final int MAX_MESSAGE_BYTES = 256 * 1024;

  private final EventLog eventLog;
  private final Clock clock;

  public TelemetryService(EventLog eventLog, Clock clock) {
    this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores a message sent by {@code sender}. The future completes once the message is durable, which is when
   * the device may be acknowledged; it fails with {@link ErrorCode#MESSAGE_TOO_LARGE} for an oversize message
   * (nothing stored), or with the log's error when it cannot be stored.
   */
  public CompletableFuture<StoredEvent> send(DevicePrincipal sender, DeviceMessage message) {
    if (message.billedSize() > MAX_MESSAGE_BYTES) {
      return CompletableFuture.failedFuture(new HubException(ErrorCode.MESSAGE_TOO_LARGE,
          "The message is " + message.billedSize() + " bytes; the limit is " + MAX_MESSAGE_BYTES + " bytes."));
    }
    Instant now = clock.instant();
    String deviceId = sender.identity().deviceId().value();
    EventData event = new EventData(now, deviceId, stamp(sender, message, now), message.applicationProperties(),
        message.body());
    return eventLog.append(Partitioner.partitionFor(deviceId, eventLog.partitionCount()), event);
  }

  /**
   * The message's system properties with the hub's anti-spoofing stamps set from the connection; a stamp the
   * sender set itself never survives (the module id is removed when the sender is not a module).
   */
  private static Map<String, String> stamp(DevicePrincipal sender, DeviceMessage message, Instant now) {
    Map<String, String> properties = new HashMap<>(message.systemProperties());
    properties.remove(MessageProperties.CONNECTION_MODULE_ID);
    properties.put(MessageProperties.CONNECTION_DEVICE_ID, sender.identity().deviceId().value());
    sender.identity().moduleId()
        .ifPresent(m -> properties.put(MessageProperties.CONNECTION_MODULE_ID, m.value()));
    properties.put(MessageProperties.CONNECTION_AUTH_METHOD, sender.authMethodStamp());
    properties.put(MessageProperties.CONNECTION_AUTH_GENERATION_ID, sender.generationId());
    properties.put(MessageProperties.ENQUEUED_TIME, DateTimeFormatter.ISO_INSTANT.format(now));
    properties.put(MessageProperties.MESSAGE_SOURCE, "Telemetry");
    return properties;
  }
}
