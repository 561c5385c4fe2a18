package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.vertx.core.Handler;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A byte stream carrying MQTT packets, already decoded and encoded: a TLS connection, or a WebSocket bridged from
 * the HTTPS listener. Every method must be called on the link's Vert.x context, and its handlers run there.
 */
interface PacketLink {
  /**
   * Starts delivering packets. Each packet handed to {@code packets} becomes the handler's to release. A packet
   * that failed to decode arrives with a failed {@link MqttMessage#decoderResult()}. {@code closed} runs once,
   * when the link has closed for any reason. A link its creator paused starts reading here.
   */
  void start(Handler<MqttMessage> packets, Handler<Void> closed);

  /** Sends a packet; a link that is closed releases it. A failed write closes the link. */
  void write(MqttMessage packet);

  /** Sends a last packet, then closes the link once it is written. */
  void writeAndClose(MqttMessage packet);

  /** Stops reading from the network; packets already read may still be delivered. */
  void pause();

  void resume();

  /** Closes the link; does nothing when it is closed already. */
  void close();

  /** The TLS client certificate chain, leaf first; empty when the client presented none. */
  List<X509Certificate> clientCertificates();

  /** The peer's address, for logs. */
  String remoteAddress();
}
