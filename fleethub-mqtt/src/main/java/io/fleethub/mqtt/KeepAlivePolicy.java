package io.fleethub.mqtt;

import java.time.Duration;

/**
 * IoT Hub's keep-alive rule: a connection that sends no packet for 1.5 times the keep-alive it asked for in its
 * CONNECT is closed, and that timeout is capped at 1767 seconds (so the highest keep-alive a client can use is
 * 1177 s). A keep-alive of 0, which MQTT reads as "no keep-alive", gets the cap too, as in Azure's protocol
 * gateway: the hub never keeps a silent connection forever.
 */
final class KeepAlivePolicy {
  /** The longest a connection may stay silent. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(1767);

  private KeepAlivePolicy() {}

  /** How long a connection that asked for {@code keepAliveSeconds} (0 to 65535) may stay silent. */
  static Duration timeoutFor(int keepAliveSeconds) {
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      throw new IllegalArgumentException("an MQTT keep-alive is 0 to 65535 seconds, not " + keepAliveSeconds);
    }
    if (keepAliveSeconds == 0) {
      return MAX_TIMEOUT;
    }
    Duration timeout = Duration.ofMillis(keepAliveSeconds * 1_500L);
    return timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
  }
}
