package io.fleethub.mqtt;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.TelemetryService;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends a connection's telemetry PUBLISHes to the {@link TelemetryService} and acknowledges each QoS 1 publish
 * only once its message is durable, in arrival order ({@link InflightWindow}). When the window is full the
 * connection stops reading until half of it has drained. A message the hub refuses (over 256 KB) or cannot store
 * closes the connection, as on IoT Hub; it is never acknowledged, so the device sends it again after
 * reconnecting (QoS 1) or loses it (QoS 0).
 *
 * <p>Confined to the connection's context; the service's futures complete elsewhere and hop back here.
 */
final class TelemetryPublishHandler {
  private final Context context;
  private final TelemetryService telemetry;
  private final ConnectionControl connection;
  private final InboundGate gate;
  private final InflightWindow window;

  TelemetryPublishHandler(Context context, TelemetryService telemetry, ConnectionControl connection,
      InboundGate gate, int maxInflight) {
    this.context = context;
    this.telemetry = telemetry;
    this.connection = connection;
    this.gate = gate;
    this.window = new InflightWindow(maxInflight);
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
    boolean acknowledged = publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE;
    InflightWindow.Entry entry = window.add(acknowledged ? publish.variableHeader().packetId() : InflightWindow.NO_ACK);
    if (window.isFull()) {
      gate.hold(InboundGate.Hold.INFLIGHT_FULL);
    }
    CompletableFuture<StoredEvent> stored;
    try {
      stored = telemetry.send(session.principal(), message);
    } catch (RuntimeException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    stored.whenComplete((event, failure) -> context.runOnContext(nothing -> onStored(entry, failure)));
  }

  /**
   * Acknowledges, in order, a publish that the hub has accepted without waiting for the log (a twin or method
   * publish that is not served yet), so it does not overtake telemetry still in flight.
   */
  void acknowledgeNow(MqttPublishMessage publish) {
    if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      window.stored(window.add(publish.variableHeader().packetId()), this::sendPuback);
    }
  }

  private void onStored(InflightWindow.Entry entry, Throwable failure) {
    if (!connection.isOpen()) {
      return;
    }
    if (failure != null) {
      connection.fail(describe(failure));
      return;
    }
    window.stored(entry, this::sendPuback);
    if (window.hasRoom() && gate.isHeld(InboundGate.Hold.INFLIGHT_FULL)) {
      gate.release(InboundGate.Hold.INFLIGHT_FULL);
    }
  }

  private void sendPuback(int packetId) {
    connection.send(MqttPackets.puback(packetId));
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
