package io.fleethub.mqtt;

import io.fleethub.core.auth.ClientCertificates;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS connection of the MQTT listener, as the last handler of its Netty channel: behind it in the pipeline,
 * {@link TlsListener} puts the TLS handler, Netty's MQTT codec and a flush consolidation handler, so packets are
 * decoded on the event loop as bytes arrive and reach this handler already decoded.
 *
 * <p>The link is handed to the endpoint once the TLS handshake has succeeded, on its Vert.x context; from then on
 * every packet and the close are delivered on that context. A connection whose handshake fails is closed by the
 * TLS handler and never reaches the endpoint.
 *
 * <p>Flushes are consolidated: the PUBACKs the event log releases together (one group commit acknowledges many
 * messages of a connection, each in its own event-loop task) leave in one TLS record and one write system call,
 * flushed at the latest when the event loop gets to the flush it scheduled behind them.
 *
 * <p>Confined to the channel's event loop, which is its context's.
 */
final class ChannelPacketLink extends ChannelInboundHandlerAdapter implements PacketLink {
  /** The longest client id: a 128-character device id, a slash, a 128-character module id. */
  static final int MAX_CLIENT_ID_CHARS = 257;

  private static final Logger log = LoggerFactory.getLogger(ChannelPacketLink.class);

  private final Channel channel;
  private final ContextInternal context;
  private final BiConsumer<ContextInternal, PacketLink> accepted;
  private Handler<MqttMessage> packets;
  private Handler<Void> closed;
  private boolean inactive;

  /**
   * @param accepted receives the link, on {@code context}, once the client's TLS handshake has succeeded
   */
  ChannelPacketLink(Channel channel, ContextInternal context, BiConsumer<ContextInternal, PacketLink> accepted) {
    this.channel = channel;
    this.context = context;
    this.accepted = accepted;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
      context.dispatch(this, link -> accepted.accept(context, link));
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (packets != null && message instanceof MqttMessage packet) {
      context.dispatch(packet, packets);
    } else {
      ReferenceCountUtil.release(message);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactive = true;
    if (closed != null) {
      context.dispatch(closed);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
    log.debug("MQTT connection from {} failed; closing it", remoteAddress(), failure);
    channel.close();
  }

  @Override
  public void start(Handler<MqttMessage> packets, Handler<Void> closed) {
    this.packets = packets;
    this.closed = closed;
    if (inactive) {
      context.dispatch(closed);
    }
  }

  @Override
  public void write(MqttMessage packet) {
    channel.writeAndFlush(packet, channel.voidPromise());
  }

  @Override
  public void writeAndClose(MqttMessage packet) {
    channel.writeAndFlush(packet).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void pause() {
    channel.config().setAutoRead(false);
  }

  @Override
  public void resume() {
    channel.config().setAutoRead(true);
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return ClientCertificates.of(channel.pipeline().get(SslHandler.class).engine().getSession());
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(channel.remoteAddress());
  }
}
