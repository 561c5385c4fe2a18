package io.fleethub.mqtt;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.TelemetryService;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends a connection's telemetry PUBLISHes to the {@link TelemetryService} and acknowledges each QoS 1 publish
 * only once its message is durable, in arrival order ({@link PublishAcknowledgements}). A message the hub refuses
 * (over 256 KB) or cannot store closes the connection, as on IoT Hub; it is never acknowledged, so the device
 * sends it again after reconnecting (QoS 1) or loses it (QoS 0).
 *
 * <p>Confined to the connection's context; the service's futures complete elsewhere and hop back here.
 */
final class TelemetryPublishHandler {
  private final Context context;
  private final TelemetryService telemetry;
  private final ConnectionControl connection;
  private final PublishAcknowledgements acknowledgements;

  TelemetryPublishHandler(Context context, TelemetryService telemetry, ConnectionControl connection,
      PublishAcknowledgements acknowledgements) {
    this.context = context;
    this.telemetry = telemetry;
    this.connection = connection;
    this.acknowledgements = acknowledgements;
  }

  /**
   * Sends one telemetry publish whose topic carried {@code rawBag}. The caller keeps ownership of the packet:
   * its payload is copied here.
   *
   * @throws ProtocolViolation when the property bag is malformed
   */
  void handle(DeviceSession session, String rawBag, MqttPublishMessage publish) {
    Map<String, String> bag;
    try {
      bag = PropertyBag.decode(rawBag);
    } catch (IllegalArgumentException e) {
      throw new ProtocolViolation("the property bag of '" + publish.variableHeader().topicName()
          + "' is malformed: " + e.getMessage());
    }
    DeviceMessage message = TelemetryMapper.toMessage(bag, ByteBufUtil.getBytes(publish.payload()),
        publish.fixedHeader().isRetain(), session.modelId());
    InflightWindow.Entry entry = acknowledgements.admit(publish);
    CompletableFuture<StoredEvent> stored;
    try {
      stored = telemetry.send(session.principal(), message);
    } catch (RuntimeException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    stored.whenComplete((event, failure) -> context.runOnContext(nothing -> onStored(entry, failure)));
  }

  private void onStored(InflightWindow.Entry entry, Throwable failure) {
    if (!connection.isOpen()) {
      return;
    }
    if (failure != null) {
      connection.fail(describe(failure));
      return;
    }
    acknowledgements.done(entry);
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof HubException hub && hub.code() == ErrorCode.MESSAGE_TOO_LARGE) {
      return "the message was refused: " + hub.getMessage();
    }
    return "the message could not be stored: " + cause;
  }
}
