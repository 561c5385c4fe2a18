package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a fleet of simulated devices connects.
 *
 * @param devices how many devices connect, at least 1
 * @param connectRate new connections started per second, more than 0
 * @param maxPendingConnects connection attempts in progress at once (TCP, TLS, CONNECT); the ramp waits when
 *     this many are pending
 * @param keepAliveSeconds the CONNECT keep-alive, 0 to 65535
 * @param connectTimeout how long an attempt may take to become ready
 * @param subscriptions the topic filters each device subscribes to before it counts as ready
 */
public record FleetSettings(
    int devices,
    double connectRate,
    int maxPendingConnects,
    int keepAliveSeconds,
    Duration connectTimeout,
    Function<DeviceCredentials, List<String>> subscriptions) {

  public FleetSettings {
    if (devices < 1) {
      throw new IllegalArgumentException("at least 1 device, not " + devices);
    }
    if (!(connectRate > 0)) {
      throw new IllegalArgumentException("the connect rate must be more than 0 per second, not " + connectRate);
    }
    if (maxPendingConnects < 1) {
      throw new IllegalArgumentException("at least 1 pending connect, not " + maxPendingConnects);
    }
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      throw new IllegalArgumentException("the keep-alive is 0 to 65535 seconds, not " + keepAliveSeconds);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(subscriptions, "subscriptions");
  }
}
