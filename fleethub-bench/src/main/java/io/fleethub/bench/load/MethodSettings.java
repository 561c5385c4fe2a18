package io.fleethub.bench.load;

import java.time.Duration;
import java.util.Objects;

/**
 * The direct-method load.
 *
 * @param ratePerSecond calls per second across the fleet, round-robin over the devices; more than 0
 * @param maxInflight calls awaiting the hub's answer at once; a call due when this many wait is skipped
 * @param responseTimeout how long the hub waits for a device's answer: 5 to 300 whole seconds, as IoT Hub allows
 * @param httpThreads event-loop threads of the bench's HTTP client, 1 to 64
 */
public record MethodSettings(double ratePerSecond, int maxInflight, Duration responseTimeout, int httpThreads) {
  public MethodSettings {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("the rate must be a positive number of calls per second, not "
          + ratePerSecond);
    }
    if (maxInflight < 1) {
      throw new IllegalArgumentException("at least 1 call in flight, not " + maxInflight);
    }
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    if (responseTimeout.getNano() != 0 || responseTimeout.getSeconds() < 5 || responseTimeout.getSeconds() > 300) {
      throw new IllegalArgumentException("the response timeout is 5 to 300 whole seconds, not "
          + responseTimeout.toMillis() / 1000.0 + " s");
    }
    if (httpThreads < 1 || httpThreads > 64) {
      throw new IllegalArgumentException("1 to 64 HTTP client threads, not " + httpThreads);
    }
  }
}
