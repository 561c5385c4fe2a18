package io.fleethub.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket (subprotocol {@code mqtt}) upgraded by the HTTPS listener, carrying MQTT packets in binary frames.
 * The frames form one byte stream (a packet may span frames, a frame may hold several packets), decoded and
 * encoded by Netty's MQTT codec in an {@link EmbeddedChannel} that lives on the WebSocket's context. Each packet
 * sent goes out as one binary frame. Confined to the WebSocket's context.
 */
final class WebSocketPacketLink implements PacketLink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketPacketLink.class);

  private final ServerWebSocket webSocket;
  private final List<X509Certificate> clientCertificates;
  private final EmbeddedChannel codec;
  private boolean closed;

  WebSocketPacketLink(ServerWebSocket webSocket, List<X509Certificate> clientCertificates, int maxPacketBytes) {
    this.webSocket = webSocket;
    this.clientCertificates = List.copyOf(clientCertificates);
    this.codec = new EmbeddedChannel(
        new MqttDecoder(maxPacketBytes, ChannelPacketLink.MAX_CLIENT_ID_CHARS), MqttEncoder.INSTANCE);
  }

  @Override
  public void start(Handler<MqttMessage> packets, Handler<Void> closedHandler) {
    webSocket.handler(data -> decode(data, packets));
    webSocket.exceptionHandler(failure -> {
      log.debug("MQTT WebSocket from {} failed; closing it", remoteAddress(), failure);
      close();
    });
    webSocket.closeHandler(nothing -> {
      closed = true;
      codec.finishAndReleaseAll();
      closedHandler.handle(null);
    });
    webSocket.resume();
  }

  private void decode(Buffer data, Handler<MqttMessage> packets) {
    if (closed) {
      return;
    }
    try {
      codec.writeInbound(Unpooled.wrappedBuffer(data.getBytes()));
    } catch (RuntimeException e) {
      log.debug("Cannot decode MQTT from the WebSocket of {}; closing it", remoteAddress(), e);
      close();
      return;
    }
    for (Object decoded = codec.readInbound(); decoded != null; decoded = codec.readInbound()) {
      if (decoded instanceof MqttMessage packet && !closed) {
        packets.handle(packet);
      } else {
        ReferenceCountUtil.release(decoded);
      }
    }
  }

  @Override
  public void write(MqttMessage packet) {
    send(packet);
  }

  @Override
  public void writeAndClose(MqttMessage packet) {
    send(packet).onComplete(written -> close());
  }

  private Future<Void> send(MqttMessage packet) {
    if (closed) {
      ReferenceCountUtil.release(packet);
      return Future.failedFuture("the WebSocket is closed");
    }
    codec.writeOutbound(packet);
    Buffer frame = Buffer.buffer();
    for (Object encoded = codec.readOutbound(); encoded != null; encoded = codec.readOutbound()) {
      ByteBuf bytes = (ByteBuf) encoded;
      try {
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.readBytes(copy);
        frame.appendBytes(copy);
      } finally {
        bytes.release();
      }
    }
    return webSocket.writeBinaryMessage(frame);
  }

  @Override
  public void pause() {
    webSocket.pause();
  }

  @Override
  public void resume() {
    webSocket.resume();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      webSocket.close();
    }
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return clientCertificates;
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(webSocket.remoteAddress());
  }
}
