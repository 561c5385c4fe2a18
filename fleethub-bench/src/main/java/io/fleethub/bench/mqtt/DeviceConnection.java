package io.fleethub.bench.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * One simulated device's MQTT 3.1.1 connection: CONNECT once TLS is up, SUBSCRIBE to what the scenario needs,
 * then hand every PUBACK and PUBLISH to the scenario's {@link PacketHandler}, and PINGREQ every keep-alive
 * period. The {@link ConnectionListener} hears whether the attempt became ready, failed, or was later lost.
 *
 * <p>Confined to the channel's event loop: every method but {@link #handle} and {@link #close} must be called
 * there. No thread of its own, no lock, a few fields per connection.
 */
public final class DeviceConnection extends SimpleChannelInboundHandler<MqttMessage> {
  private static final int SUBSCRIBE_PACKET_ID = 1;

  private enum State { CONNECTING, SUBSCRIBING, READY, CLOSING, ENDED }

  private final int index;
  private final DeviceCredentials credentials;
  private final List<String> subscriptions;
  private final int keepAliveSeconds;
  private final Duration connectTimeout;
  private final ConnectionListener listener;
  private final long startedNanos;
  private PacketHandler handler = PacketHandler.NONE;
  private Channel channel;
  private State state = State.CONNECTING;
  private String failure;
  private ScheduledFuture<?> timer;

  /**
   * @param index the device's number in its fleet
   * @param subscriptions topic filters subscribed at QoS 1 before the connection counts as ready
   * @param keepAliveSeconds the CONNECT keep-alive, and the PINGREQ period; 0 sends no PINGREQ
   * @param startedNanos when the attempt started, for the connect latency
   */
  public DeviceConnection(int index, DeviceCredentials credentials, List<String> subscriptions,
      int keepAliveSeconds, Duration connectTimeout, ConnectionListener listener, long startedNanos) {
    this.index = index;
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.subscriptions = List.copyOf(subscriptions);
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      throw new IllegalArgumentException("the keep-alive is 0 to 65535 seconds, not " + keepAliveSeconds);
    }
    this.keepAliveSeconds = keepAliveSeconds;
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.startedNanos = startedNanos;
  }

  public int index() {
    return index;
  }

  public DeviceCredentials credentials() {
    return credentials;
  }

  public long startedNanos() {
    return startedNanos;
  }

  /** The channel, once the handler is in a pipeline. */
  public Channel channel() {
    return channel;
  }

  /** The negotiated TLS session, when the connection uses TLS and the handshake is done. */
  public Optional<SSLSession> tlsSession() {
    SslHandler tls = channel == null ? null : channel.pipeline().get(SslHandler.class);
    return tls == null || !tls.handshakeFuture().isSuccess() ? Optional.empty()
        : Optional.of(tls.engine().getSession());
  }

  /** Installs the scenario's handler; callable from any thread, it takes effect on the event loop. */
  public void handle(PacketHandler packetHandler) {
    Objects.requireNonNull(packetHandler, "packetHandler");
    channel.eventLoop().execute(() -> handler = packetHandler);
  }

  /** Writes without flushing: the caller flushes once per batch. */
  public void write(Object packet) {
    channel.write(packet, channel.voidPromise());
  }

  public void flush() {
    channel.flush();
  }

  public boolean isWritable() {
    return channel.isWritable();
  }

  public boolean isReady() {
    return state == State.READY;
  }

  /** Sends DISCONNECT and closes; the listener hears nothing more. Callable from any thread. */
  public void close() {
    if (channel == null) {
      return;
    }
    channel.eventLoop().execute(() -> {
      if (state == State.ENDED || state == State.CLOSING) {
        return;
      }
      boolean ready = state == State.READY;
      state = State.CLOSING;
      if (ready) {
        channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(done -> channel.close());
      } else {
        channel.close();
      }
    });
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    channel = context.channel();
    timer = channel.eventLoop().schedule(this::connectDeadlinePassed, connectTimeout.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /** The TCP connect itself failed (the channel never became active). Called on the event loop. */
  public void connectFailed(Throwable cause) {
    if (state == State.CONNECTING) {
      state = State.ENDED;
      timer.cancel(false);
      listener.failed(this, "connect: " + rootMessage(cause));
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    if (context.pipeline().get(SslHandler.class) == null) {
      sendConnect();
    }
    context.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        sendConnect();
      } else {
        fail("TLS handshake failed: " + rootMessage(handshake.cause()));
      }
    }
    context.fireUserEventTriggered(event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, MqttMessage message) {
    DecoderResult decoded = message.decoderResult();
    if (decoded != null && decoded.isFailure()) {
      fail("malformed packet from the server: " + rootMessage(decoded.cause()));
      return;
    }
    switch (message.fixedHeader().messageType()) {
      case PUBACK -> handler.puback(this, ((MqttMessageIdVariableHeader) message.variableHeader()).messageId(),
          System.nanoTime());
      case PUBLISH -> received((MqttPublishMessage) message);
      case CONNACK -> connacked((MqttConnAckMessage) message);
      case SUBACK -> subacked((MqttSubAckMessage) message);
      case PINGRESP, UNSUBACK -> { }
      default -> fail("unexpected " + message.fixedHeader().messageType() + " from the server");
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    if (state == State.READY) {
      handler.readComplete(this);
    }
    context.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (state == State.READY && channel.isWritable()) {
      handler.writable(this);
    }
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    fail(rootMessage(cause));
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    State was = state;
    state = State.ENDED;
    if (timer != null) {
      timer.cancel(false);
    }
    switch (was) {
      case CONNECTING, SUBSCRIBING -> listener.failed(this,
          failure != null ? failure : "the server closed the connection before it was ready");
      case READY -> listener.lost(this, failure != null ? failure : "the server closed the connection");
      default -> { }
    }
    context.fireChannelInactive();
  }

  private void sendConnect() {
    MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .clientId(credentials.clientId())
        .cleanSession(true)
        .keepAlive(keepAliveSeconds);
    credentials.userName().ifPresent(connect::username);
    credentials.password().ifPresent(password -> connect.password(password.getBytes(StandardCharsets.UTF_8)));
    channel.writeAndFlush(connect.build(), channel.voidPromise());
  }

  private void connacked(MqttConnAckMessage connack) {
    MqttConnectReturnCode code = connack.variableHeader().connectReturnCode();
    if (state != State.CONNECTING) {
      fail("a second CONNACK");
    } else if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      fail("CONNACK " + (code.byteValue() & 0xff) + " (" + code.name().toLowerCase().replace('_', ' ') + ")");
    } else if (subscriptions.isEmpty()) {
      becomeReady();
    } else {
      state = State.SUBSCRIBING;
      MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(SUBSCRIBE_PACKET_ID);
      subscriptions.forEach(filter -> subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter));
      channel.writeAndFlush(subscribe.build(), channel.voidPromise());
    }
  }

  private void subacked(MqttSubAckMessage suback) {
    if (state != State.SUBSCRIBING) {
      fail("a SUBACK the device did not ask for");
      return;
    }
    for (int granted : suback.payload().grantedQoSLevels()) {
      if (granted == MqttQoS.FAILURE.value()) {
        fail("SUBACK refused a subscription of " + subscriptions);
        return;
      }
    }
    becomeReady();
  }

  private void becomeReady() {
    state = State.READY;
    timer.cancel(false);
    timer = keepAliveSeconds == 0 ? null
        : channel.eventLoop().scheduleAtFixedRate(this::ping, keepAliveSeconds, keepAliveSeconds, TimeUnit.SECONDS);
    listener.ready(this, System.nanoTime());
  }

  private void received(MqttPublishMessage publish) {
    if (state != State.READY) {
      fail("a PUBLISH before the connection was ready");
      return;
    }
    if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      channel.write(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build(),
          channel.voidPromise());
    }
    handler.publish(this, publish, System.nanoTime());
  }

  private void ping() {
    if (state == State.READY) {
      channel.writeAndFlush(MqttMessage.PINGREQ, channel.voidPromise());
    }
  }

  private void connectDeadlinePassed() {
    if (state == State.CONNECTING || state == State.SUBSCRIBING) {
      fail("not ready within " + connectTimeout.toSeconds() + " s of the connect");
    }
  }

  /** Remembers the first reason and closes; the listener hears it when the channel ends. */
  private void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
    if (channel.isOpen()) {
      channel.close();
    }
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
