package io.fleethub.bench.mqtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Opens the simulated devices' connections: one Netty event-loop group for all of them, TLS when configured,
 * Netty's MQTT codec, and a {@link DeviceConnection} at the end of each pipeline. Thread-safe.
 *
 * <p>TLS sessions are cached per device (the engine's peer port is the device number), so a device that
 * reconnects may resume its own session but never another's: every first connect is a full handshake, as it
 * is for a fleet of real devices.
 */
public final class ClientTransport implements AutoCloseable {
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final InetSocketAddress server;
  private final Optional<SslContext> tls;
  private final Optional<TlsSettings> tlsSettings;
  private final SourceAddresses sources;
  private final int maxInboundPacketBytes;

  /**
   * @param threads event loops (each a thread) shared by all connections
   * @param maxInboundPacketBytes the largest packet a device accepts from the server
   */
  public ClientTransport(InetSocketAddress server, Optional<TlsSettings> tlsSettings, SourceAddresses sources,
      int threads, int maxInboundPacketBytes) {
    this.server = Objects.requireNonNull(server, "server");
    this.tlsSettings = Objects.requireNonNull(tlsSettings, "tlsSettings");
    this.sources = Objects.requireNonNull(sources, "sources");
    this.maxInboundPacketBytes = maxInboundPacketBytes;
    this.tls = tlsSettings.map(ClientTransport::sslContext);
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-io", true),
        NioIoHandler.newFactory());
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
  }

  public InetSocketAddress server() {
    return server;
  }

  public SourceAddresses sources() {
    return sources;
  }

  /** The event loops, in a fixed order; a connection stays on the one it was registered with. */
  public List<EventLoop> eventLoops() {
    List<EventLoop> loops = new ArrayList<>();
    group.forEach(executor -> loops.add((EventLoop) executor));
    return loops;
  }

  /**
   * Starts connecting {@code connection}; its listener hears the outcome. The returned future completes when
   * TCP is connected (not when MQTT is ready).
   */
  public ChannelFuture connect(DeviceConnection connection) {
    int index = connection.index();
    Bootstrap attempt = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        tls.ifPresent(context -> pipeline.addLast("tls",
            context.newHandler(channel.alloc(), tlsSettings.get().serverName(), 1 + Math.floorMod(index, 65_535))));
        pipeline.addLast("decoder", new MqttDecoder(maxInboundPacketBytes));
        pipeline.addLast("encoder", MqttEncoder.INSTANCE);
        pipeline.addLast("device", connection);
      }
    });
    Optional<InetSocketAddress> local = sources.forDevice(index);
    ChannelFuture future = local.isPresent() ? attempt.connect(server, local.get()) : attempt.connect(server);
    future.addListener(done -> {
      if (!done.isSuccess()) {
        future.channel().eventLoop().execute(() -> connection.connectFailed(done.cause()));
      }
    });
    return future;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static SslContext sslContext(TlsSettings settings) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient()
          .sslProvider(settings.provider().equals("openssl") ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .endpointIdentificationAlgorithm("HTTPS");
      if (settings.caFile().isPresent()) {
        try (InputStream pem = Files.newInputStream(settings.caFile().get())) {
          builder.trustManager(pem);
        }
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS with " + settings + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the CA file " + settings.caFile().get() + ": "
          + e.getMessage(), e);
    }
  }
}
