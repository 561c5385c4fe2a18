package io.fleethub.mqtt;

import java.util.Objects;

/** Where a device's PUBLISH goes, by its topic. */
sealed interface PublishRoute {
  /** Device-to-cloud telemetry on the identity's own events topic; {@code bag} is the raw property bag. */
  record Telemetry(String bag) implements PublishRoute {
    public Telemetry {
      Objects.requireNonNull(bag, "bag");
    }
  }

  /** A twin GET or reported-properties PATCH ({@code $iothub/twin/...}); served by a later version. */
  record TwinRequest() implements PublishRoute {}

  /** A direct-method response ({@code $iothub/methods/res/...}); served by a later version. */
  record MethodResponse() implements PublishRoute {}

  /** A topic the identity may not publish to: IoT Hub closes the connection. */
  record Forbidden() implements PublishRoute {}
}
