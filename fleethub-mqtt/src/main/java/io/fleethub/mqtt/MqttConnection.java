package io.fleethub.mqtt;

import io.fleethub.core.auth.DeviceAuthException;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.presence.DeviceConnection;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's MQTT connection, from accept to close: it waits for a CONNECT, has it authenticated on the
 * device's lane, answers with a CONNACK, then hands each packet to the handler for its type: telemetry, twin
 * requests and method answers it publishes, the PUBACKs of what the hub published to it, and its subscriptions,
 * which start cloud-to-device, desired-property and method deliveries ({@link SessionFeatures}). Anything IoT Hub
 * would not accept mid-session closes the connection. When the connection ends, its deliveries stop (its
 * unacknowledged cloud-to-device messages are abandoned); without a DISCONNECT, the will is sent as telemetry; the
 * connection tracker learns of every end.
 *
 * <p>Threading: confined to its link's Vert.x context (an event loop), so it needs no locks. Calls that block
 * go through {@link DeviceLane} and their results hop back with {@code runOnContext}. Only
 * {@link #close(String)} may be called from another thread.
 */
final class MqttConnection implements DeviceConnection, ConnectionControl {
  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

  private enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED, CLOSED }

  /** The handler for each packet type a device may send; a type not listed closes the connection. */
  private static final Map<MqttMessageType, BiConsumer<MqttConnection, MqttMessage>> HANDLERS = handlers();

  private final Vertx vertx;
  private final Context context;
  private final PacketLink link;
  private final MqttDeviceServices services;
  private final MqttSettings settings;
  private final DeviceLane lane;
  private final Consumer<MqttConnection> onEnd;
  private final InboundGate gate;
  private final ConnectionTimers timers;
  private final PublishAcknowledgements acknowledgements;
  private final TelemetryPublishHandler telemetry;
  private final OutboundPublishes outbound = new OutboundPublishes(this);
  private final ActivityThrottle activity;
  private final Promise<Void> ended = Promise.promise();
  private State state = State.AWAITING_CONNECT;
  private DeviceSession session;
  private SessionFeatures features;
  private boolean disconnectedCleanly;

  MqttConnection(Vertx vertx, Context context, PacketLink link, MqttDeviceServices services, DeviceLane lane,
      MqttSettings settings, Consumer<MqttConnection> onEnd) {
    this.vertx = vertx;
    this.context = context;
    this.link = link;
    this.services = services;
    this.settings = settings;
    this.lane = lane;
    this.onEnd = onEnd;
    this.gate = new InboundGate(link, this::dispatch);
    this.timers = new ConnectionTimers(vertx, services.clock(), this::closeNow);
    this.acknowledgements = new PublishAcknowledgements(this, gate, settings.maxInflightPublishes());
    this.telemetry = new TelemetryPublishHandler(context, services.telemetry(), this, acknowledgements);
    this.activity = new ActivityThrottle(settings.activityInterval());
  }

  private static Map<MqttMessageType, BiConsumer<MqttConnection, MqttMessage>> handlers() {
    Map<MqttMessageType, BiConsumer<MqttConnection, MqttMessage>> handlers = new EnumMap<>(MqttMessageType.class);
    handlers.put(MqttMessageType.CONNECT, (connection, packet) -> connection.onConnect((MqttConnectMessage) packet));
    handlers.put(MqttMessageType.PUBLISH, (connection, packet) -> connection.onPublish((MqttPublishMessage) packet));
    handlers.put(MqttMessageType.PUBACK, (connection, packet) ->
        connection.outbound.acknowledged(((MqttPubAckMessage) packet).variableHeader().messageId()));
    handlers.put(MqttMessageType.SUBSCRIBE, (connection, packet) ->
        connection.features.subscriptions().subscribe((MqttSubscribeMessage) packet));
    handlers.put(MqttMessageType.UNSUBSCRIBE, (connection, packet) ->
        connection.features.subscriptions().unsubscribe((MqttUnsubscribeMessage) packet));
    handlers.put(MqttMessageType.PINGREQ, (connection, packet) -> connection.send(MqttPackets.pingresp()));
    handlers.put(MqttMessageType.DISCONNECT, (connection, packet) -> connection.onDisconnect());
    return handlers;
  }

  /** Starts reading packets and the CONNECT deadline. Call on the link's context. */
  void start() {
    link.start(this::onPacket, nothing -> end("the network connection closed"));
    timers.startConnectDeadline(settings.connectTimeout());
  }

  /** Completes once the connection has ended and its end is recorded with the connection tracker. */
  Future<Void> ended() {
    return ended.future();
  }

  /** Ends the connection, from any thread, without blocking (the tracker calls it when a new one replaces it). */
  @Override
  public void close(String reason) {
    context.runOnContext(nothing -> closeNow(reason));
  }

  @Override
  public void send(MqttMessage packet) {
    if (state == State.CONNECTED) {
      link.write(packet);
    } else {
      ReferenceCountUtil.release(packet);
    }
  }

  @Override
  public void fail(String reason) {
    closeNow(reason);
  }

  @Override
  public boolean isOpen() {
    return state == State.CONNECTED;
  }

  private void onPacket(MqttMessage packet) {
    timers.packetReceived();
    if (state == State.CLOSED) {
      ReferenceCountUtil.release(packet);
      return;
    }
    try {
      gate.offer(packet);
    } catch (ProtocolViolation e) {
      closeNow(e.getMessage());
    }
  }

  private void dispatch(MqttMessage packet) {
    try {
      if (state == State.CLOSED) {
        return;
      }
      if (packet.decoderResult().isFailure()) {
        onMalformed(packet.decoderResult().cause());
        return;
      }
      MqttMessageType type = packet.fixedHeader().messageType();
      BiConsumer<MqttConnection, MqttMessage> handler = HANDLERS.get(type);
      if (handler == null) {
        throw new ProtocolViolation("a device may not send " + type);
      }
      if (type != MqttMessageType.CONNECT && state != State.CONNECTED) {
        throw new ProtocolViolation(type + " before a successful CONNECT");
      }
      handler.accept(this, packet);
    } catch (ProtocolViolation e) {
      closeNow(e.getMessage());
    } catch (RuntimeException e) {
      log.warn("MQTT connection from {} failed on a packet; closing it", link.remoteAddress(), e);
      closeNow("internal error: " + e);
    } finally {
      ReferenceCountUtil.release(packet);
    }
  }

  private void onMalformed(Throwable cause) {
    if (state == State.AWAITING_CONNECT && cause instanceof MqttUnacceptableProtocolVersionException) {
      refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, cause.getMessage());
    } else if (state == State.AWAITING_CONNECT && cause instanceof MqttIdentifierRejectedException) {
      refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, cause.getMessage());
    } else {
      closeNow("malformed packet: " + cause.getMessage());
    }
  }

  private void onConnect(MqttConnectMessage connect) {
    if (state != State.AWAITING_CONNECT) {
      throw new ProtocolViolation("a second CONNECT");
    }
    ConnectRequest request;
    try {
      request = ConnectRequest.parse(connect, services.hub());
    } catch (ConnectRefusal refusal) {
      refuse(refusal.code(), refusal.getMessage());
      return;
    }
    state = State.AUTHENTICATING;
    gate.hold(InboundGate.Hold.AUTHENTICATING);
    lane.admit(request, link.clientCertificates(), this).whenComplete((principal, failure) ->
        context.runOnContext(nothing -> onAdmitted(request, principal, failure)));
  }

  private void onAdmitted(ConnectRequest request, DevicePrincipal principal, Throwable failure) {
    if (failure != null) {
      if (state != State.CLOSED) {
        refuse(refusalCode(failure), describe(failure));
      }
      ended.tryComplete();
      return;
    }
    if (state == State.CLOSED) {
      lane.leave(principal, this).whenComplete((nothing, ignored) -> ended.tryComplete());
      return;
    }
    session = DeviceSession.open(principal, request);
    features = SessionFeatures.open(vertx, context, session, services, lane, settings, this, acknowledgements,
        outbound);
    state = State.CONNECTED;
    link.write(MqttPackets.connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
    timers.connected(KeepAlivePolicy.timeoutFor(request.keepAliveSeconds()), principal.credentialExpiry(),
        settings.clockCheckInterval());
    log.debug("{} connected over MQTT from {} ({})", principal.identity(), link.remoteAddress(),
        principal.method());
    noteActivity();
    gate.release(InboundGate.Hold.AUTHENTICATING);
  }

  private void onPublish(MqttPublishMessage publish) {
    if (publish.fixedHeader().qosLevel() == MqttQoS.EXACTLY_ONCE) {
      throw new ProtocolViolation("QoS 2 is not supported; IoT Hub closes the connection");
    }
    noteActivity();
    String topic = publish.variableHeader().topicName();
    IdentityRef identity = session.principal().identity();
    PublishRoute route = session.topics().route(topic);
    if (route instanceof PublishRoute.Telemetry events) {
      telemetry.handle(session, events.bag(), publish);
    } else if (route instanceof PublishRoute.TwinGet get) {
      features.twinRequests().get(identity, get.query(), publish);
    } else if (route instanceof PublishRoute.TwinReportedPatch patch) {
      features.twinRequests().patchReported(identity, patch.query(), publish);
    } else if (route instanceof PublishRoute.MethodResponse answer) {
      features.methods().respond(answer, ByteBufUtil.getBytes(publish.payload()));
      acknowledgements.acknowledgeNow(publish);
    } else {
      throw new ProtocolViolation("'" + identity + "' may not publish to '" + topic + "'");
    }
  }

  private void onDisconnect() {
    disconnectedCleanly = true;
    closeNow("the device sent DISCONNECT");
  }

  private void noteActivity() {
    Instant now = services.clock().instant();
    if (activity.shouldRecord(now)) {
      lane.recordActivity(session.principal().identity(), now);
    }
  }

  private void refuse(MqttConnectReturnCode code, String reason) {
    end("CONNECT refused with " + code + ": " + reason);
    link.writeAndClose(MqttPackets.connack(code));
  }

  private void closeNow(String reason) {
    end(reason);
    link.close();
  }

  /** Stops everything the connection does; idempotent. The link is closed by the caller. */
  private void end(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    State previous = state;
    state = State.CLOSED;
    timers.cancelAll();
    gate.discard();
    onEnd.accept(this);
    if (previous == State.CONNECTED) {
      log.debug("MQTT connection of {} from {} closed: {}", session.principal().identity(), link.remoteAddress(),
          reason);
      features.subscriptions().endAll();
      sendWill();
      lane.leave(session.principal(), this).whenComplete((nothing, ignored) -> ended.tryComplete());
    } else {
      log.debug("MQTT connection from {} closed before it was accepted: {}", link.remoteAddress(), reason);
      if (previous != State.AUTHENTICATING) {
        ended.tryComplete();
      }
    }
  }

  private void sendWill() {
    if (disconnectedCleanly || session.will().isEmpty()) {
      return;
    }
    services.telemetry().send(session.principal(), session.will().get()).whenComplete((stored, failure) -> {
      if (failure != null) {
        log.warn("Could not send the will message of {}", session.principal().identity(), failure);
      }
    });
  }

  private static MqttConnectReturnCode refusalCode(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof DeviceAuthException refused) {
      return ConnackCodes.forAuthenticationFailure(refused.reason());
    }
    log.warn("Could not authenticate an MQTT connection", cause);
    return ConnackCodes.forHubFailure();
  }

  private static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause instanceof DeviceAuthException ? cause.getMessage() : "the hub failed: " + cause;
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
