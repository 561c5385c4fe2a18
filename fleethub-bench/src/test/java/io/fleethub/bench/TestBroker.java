package io.fleethub.bench;

import io.fleethub.testkit.pki.TestCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal MQTT 3.1.1 broker over TLS on 127.0.0.1 for tests: accepts every client id except those starting
 * with {@code refused}, acknowledges QoS 1 publishes, grants subscriptions, answers PINGREQ. Counts publishes
 * by topic; delivers nothing.
 */
final class TestBroker implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final Path caFile;
  private final AtomicLong publishes = new AtomicLong();
  private final Map<String, Boolean> topics = new ConcurrentHashMap<>();

  TestBroker(Path directory) throws IOException, InterruptedException {
    TestCertificates.Issued ca = TestCertificates.rootCa("bench test CA");
    TestCertificates.Issued leaf = TestCertificates.leaf(ca, "localhost");
    caFile = directory.resolve("ca.pem");
    Files.writeString(caFile, ca.pem());
    SslContext tls = SslContextBuilder.forServer(leaf.keys().getPrivate(), leaf.certificate()).build();
    server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(tls.newHandler(channel.alloc()), new MqttDecoder(), MqttEncoder.INSTANCE,
                new Session());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  Path caFile() {
    return caFile;
  }

  long publishes() {
    return publishes.get();
  }

  boolean sawTopic(String topic) {
    return topics.containsKey(topic);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Session extends SimpleChannelInboundHandler<MqttMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, MqttMessage message) {
      switch (message.fixedHeader().messageType()) {
        case CONNECT -> {
          String clientId = ((MqttConnectMessage) message).payload().clientIdentifier();
          MqttConnectReturnCode code = clientId.startsWith("refused")
              ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED : MqttConnectReturnCode.CONNECTION_ACCEPTED;
          context.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).build());
        }
        case PUBLISH -> {
          MqttPublishMessage publish = (MqttPublishMessage) message;
          publishes.incrementAndGet();
          topics.put(publish.variableHeader().topicName(), true);
          if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            context.write(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
          }
        }
        case SUBSCRIBE -> {
          MqttSubscribeMessage subscribe = (MqttSubscribeMessage) message;
          context.writeAndFlush(MqttMessageBuilders.subAck()
              .packetId(subscribe.variableHeader().messageId())
              .addGrantedQos(MqttQoS.AT_LEAST_ONCE)
              .build());
        }
        case PINGREQ -> context.writeAndFlush(MqttMessage.PINGRESP);
        case DISCONNECT -> context.close();
        default -> { }
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
      context.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close();
    }
  }
}
