package io.fleethub.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT TLS listener: a Netty server channel on Vert.x's acceptor event loop that hands its connections, in
 * turn, to a fixed set of Vert.x event loops, each with a Vert.x context of its own, so TLS and MQTT work for many
 * devices runs on several cores. Each connection stays on the event loop it was given; its pipeline decodes TLS
 * and MQTT there and ends in a {@link ChannelPacketLink}.
 *
 * <p>Why not Vert.x's NetServer: each of its sockets allocates, up front, an outbound message queue of 1,024 slots
 * (about 4.7 KB), the largest single part of an idle device connection's memory (docs/benchmarks.md). The MQTT
 * endpoint needs none of what that queue provides, since every write already happens on the connection's event
 * loop.
 *
 * <p>Thread-safe.
 */
final class TlsListener {
  private static final Logger log = LoggerFactory.getLogger(TlsListener.class);

  private final VertxInternal vertx;
  private final ServerChannel serverChannel;

  private TlsListener(VertxInternal vertx, ServerChannel serverChannel) {
    this.vertx = vertx;
    this.serverChannel = serverChannel;
  }

  /**
   * Binds the settings' host and port on {@code settings.eventLoops()} event loops (fewer when Vert.x has fewer).
   * The future fails when the port cannot be bound.
   *
   * @param accepted receives each connection whose TLS handshake succeeded, on the connection's context
   */
  static Future<TlsListener> start(VertxInternal vertx, MqttSettings settings, SslContext tls,
      BiConsumer<ContextInternal, PacketLink> accepted) {
    Acceptor acceptor = new Acceptor(eventLoopContexts(vertx, settings.eventLoops()), tls, settings.maxPacketBytes(),
        accepted);
    ServerChannel server = vertx.transport().serverChannelFactory(false).newChannel();
    server.config().setOption(ChannelOption.SO_REUSEADDR, true);
    server.pipeline().addLast(acceptor);
    PromiseInternal<TlsListener> started = vertx.promise();
    vertx.acceptorEventLoopGroup().next().register(server).addListener(registered -> {
      if (!registered.isSuccess()) {
        started.fail(registered.cause());
        return;
      }
      server.bind(new InetSocketAddress(settings.bindHost(), settings.port())).addListener(bound -> {
        if (bound.isSuccess()) {
          started.complete(new TlsListener(vertx, server));
        } else {
          server.close();
          started.fail(bound.cause());
        }
      });
    });
    return started.future();
  }

  /** The bound port. */
  int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Stops accepting; connections already accepted stay open. */
  Future<Void> close() {
    PromiseInternal<Void> closed = vertx.promise();
    serverChannel.close().addListener(closed);
    return closed.future();
  }

  /** One context per distinct event loop, taken from Vert.x's group in its own round-robin order. */
  private static List<ContextInternal> eventLoopContexts(VertxInternal vertx, int count) {
    List<ContextInternal> contexts = new ArrayList<>();
    Set<EventLoop> taken = new HashSet<>();
    for (int i = 0; i < count; i++) {
      EventLoop loop = vertx.nettyEventLoopGroup().next();
      if (taken.add(loop)) {
        contexts.add(vertx.contextBuilder().withEventLoop(loop).build());
      }
    }
    return contexts;
  }

  /**
   * The server channel's handler: sets up each accepted channel's pipeline and registers it with the next event
   * loop. Confined to the acceptor event loop.
   */
  private static final class Acceptor extends ChannelInboundHandlerAdapter {
    private final List<ContextInternal> contexts;
    private final SslContext tls;
    private final int maxPacketBytes;
    private final BiConsumer<ContextInternal, PacketLink> accepted;
    private int next;

    Acceptor(List<ContextInternal> contexts, SslContext tls, int maxPacketBytes,
        BiConsumer<ContextInternal, PacketLink> accepted) {
      this.contexts = contexts;
      this.tls = tls;
      this.maxPacketBytes = maxPacketBytes;
      this.accepted = accepted;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      Channel connection = (Channel) message;
      ContextInternal context = contexts.get(next);
      next = (next + 1) % contexts.size();
      try {
        connection.config().setOption(ChannelOption.TCP_NODELAY, true);
        connection.pipeline().addLast(
            tls.newHandler(connection.alloc()),
            new MqttDecoder(maxPacketBytes, ChannelPacketLink.MAX_CLIENT_ID_CHARS),
            MqttEncoder.INSTANCE,
            new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
            new ChannelPacketLink(connection, context, accepted));
        context.nettyEventLoop().register(connection).addListener(registered -> {
          if (!registered.isSuccess()) {
            log.warn("Cannot register the MQTT connection from {}", connection.remoteAddress(), registered.cause());
            connection.unsafe().closeForcibly();
          }
        });
      } catch (RuntimeException e) {
        log.warn("Cannot set up the MQTT connection from {}", connection.remoteAddress(), e);
        connection.unsafe().closeForcibly();
      }
    }

    /**
     * An accept failed, typically because the process ran out of file descriptors: stop accepting for a second,
     * as Netty's own acceptor does, rather than spin on the failure.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
      log.warn("The MQTT listener cannot accept connections; pausing for a second", failure);
      ctx.channel().config().setAutoRead(false);
      ctx.channel().eventLoop().schedule(() -> ctx.channel().config().setAutoRead(true), 1, TimeUnit.SECONDS);
    }
  }
}
