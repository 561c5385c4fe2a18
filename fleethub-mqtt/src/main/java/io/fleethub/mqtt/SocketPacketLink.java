package io.fleethub.mqtt;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.net.NetSocketInternal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS socket of the MQTT listener, with Netty's MQTT codec in its channel pipeline, so packets are decoded on
 * the event loop as bytes arrive. Confined to the socket's context.
 *
 * <p>Flushes are consolidated: the PUBACKs the event log releases together (one group commit acknowledges many
 * messages of a connection, each in its own event-loop task) leave in one TLS record and one write system call,
 * flushed at the latest when the event loop gets to the flush it scheduled behind them.
 */
final class SocketPacketLink implements PacketLink {
  /** The longest client id: a 128-character device id, a slash, a 128-character module id. */
  static final int MAX_CLIENT_ID_CHARS = 257;

  private static final Logger log = LoggerFactory.getLogger(SocketPacketLink.class);

  private final NetSocketInternal socket;

  SocketPacketLink(NetSocketInternal socket, int maxPacketBytes) {
    this.socket = socket;
    ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
    pipeline.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
    pipeline.addBefore("handler", "mqttDecoder", new MqttDecoder(maxPacketBytes, MAX_CLIENT_ID_CHARS));
    pipeline.addBefore("handler", "flushConsolidation",
        new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
  }

  @Override
  public void start(Handler<MqttMessage> packets, Handler<Void> closed) {
    socket.messageHandler(message -> {
      if (message instanceof MqttMessage packet) {
        packets.handle(packet);
      } else {
        ReferenceCountUtil.release(message);
      }
    });
    socket.exceptionHandler(failure -> {
      log.debug("MQTT socket from {} failed; closing it", remoteAddress(), failure);
      socket.close();
    });
    socket.closeHandler(closed);
  }

  @Override
  public Future<Void> write(MqttMessage packet) {
    return socket.writeMessage(packet);
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    try {
      List<Certificate> chain = socket.peerCertificates();
      return chain == null ? List.of() : chain.stream()
          .filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast)
          .toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(socket.remoteAddress());
  }
}
