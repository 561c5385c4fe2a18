package io.fleethub.mqtt;

import io.fleethub.core.telemetry.TelemetryService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the MQTT endpoint serves, and the limits it keeps per connection. Port 0 picks a free port (see
 * {@link MqttEndpoint#port()}).
 *
 * @param bindHost the interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port 0 to 65535; 8883 in production (the Azure Java SDK hard-codes it)
 * @param certificateChainPem the server certificate, then its intermediates, in PEM
 * @param privateKeyPem the certificate's private key in PEM (PKCS#8, or PKCS#1 for RSA)
 * @param maxInflightPublishes how many received PUBLISH packets of one connection may wait for the hub (the event
 *     log, or a twin request) before the endpoint stops reading from that connection's socket; at least 1
 * @param maxInflightDeliveries how many cloud-to-device messages one connection may have been sent and not yet
 *     acknowledged with PUBACK; the next message waits for a PUBACK. At least 1; the default, 10, is what Azure's
 *     protocol gateway allows ({@code MaxPendingOutboundMessages})
 * @param maxPacketBytes the largest MQTT packet accepted (its remaining length); a bigger one closes the
 *     connection. It must leave room for a full-size message plus its topic, so at least
 *     {@link #DEFAULT_MAX_PACKET_BYTES}. A WebSocket listener that bridges into the endpoint must accept
 *     WebSocket frames of this size too
 * @param connectTimeout how long a connection may take from TCP accept to its CONNACK
 * @param activityInterval the least time between two {@code lastActivityTime} writes for one connection
 * @param clockCheckInterval the longest time between two reads of the hub's clock while a connection waits for a
 *     deadline that clock sets: its token's expiry, and the lock of each cloud-to-device message it was sent. The
 *     connection also acts exactly at the deadline when the clock runs in real time
 * @param eventLoops how many of Vert.x's event loops serve TLS connections, which the listener hands to them in
 *     turn (fewer when Vert.x has fewer); at least 1
 */
public record MqttSettings(
    String bindHost,
    int port,
    Path certificateChainPem,
    Path privateKeyPem,
    int maxInflightPublishes,
    int maxInflightDeliveries,
    int maxPacketBytes,
    Duration connectTimeout,
    Duration activityInterval,
    Duration clockCheckInterval,
    int eventLoops) {

  /** A full-size message (256 KB) plus the longest topic MQTT can carry (65,535 bytes) and the packet id. */
  public static final int DEFAULT_MAX_PACKET_BYTES = TelemetryService.MAX_MESSAGE_BYTES + 65_535 + 4;

  public static final int DEFAULT_MAX_INFLIGHT_PUBLISHES = 100;
  public static final int DEFAULT_MAX_INFLIGHT_DELIVERIES = 10;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_ACTIVITY_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CLOCK_CHECK_INTERVAL = Duration.ofSeconds(60);
  public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  public MqttSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost must name an interface, e.g. 0.0.0.0");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 (0 = any free port), not " + port);
    }
    if (maxInflightPublishes < 1) {
      throw new IllegalArgumentException("maxInflightPublishes must be at least 1, not " + maxInflightPublishes);
    }
    if (maxInflightDeliveries < 1) {
      throw new IllegalArgumentException("maxInflightDeliveries must be at least 1, not " + maxInflightDeliveries);
    }
    if (maxPacketBytes < DEFAULT_MAX_PACKET_BYTES) {
      throw new IllegalArgumentException("maxPacketBytes must be at least " + DEFAULT_MAX_PACKET_BYTES
          + " (a full-size message and the longest topic), not " + maxPacketBytes);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("activityInterval", activityInterval);
    requirePositive("clockCheckInterval", clockCheckInterval);
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1, not " + eventLoops);
    }
  }

  /** The defaults for everything but where to listen and which certificate to present. */
  public static MqttSettings defaults(String bindHost, int port, Path certificateChainPem, Path privateKeyPem) {
    return new MqttSettings(bindHost, port, certificateChainPem, privateKeyPem, DEFAULT_MAX_INFLIGHT_PUBLISHES,
        DEFAULT_MAX_INFLIGHT_DELIVERIES, DEFAULT_MAX_PACKET_BYTES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_ACTIVITY_INTERVAL,
        DEFAULT_CLOCK_CHECK_INTERVAL, DEFAULT_EVENT_LOOPS);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }
}
