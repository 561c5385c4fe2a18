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

  /** A twin GET, {@code $iothub/twin/GET/?$rid={rid}}. */
  record TwinGet(TopicQuery query) implements PublishRoute {
    public TwinGet {
      Objects.requireNonNull(query, "query");
    }
  }

  /** A reported-properties patch, {@code $iothub/twin/PATCH/properties/reported/?$rid={rid}[&$version={v}]}. */
  record TwinReportedPatch(TopicQuery query) implements PublishRoute {
    public TwinReportedPatch {
      Objects.requireNonNull(query, "query");
    }
  }

  /** A direct-method answer, {@code $iothub/methods/res/{status}/?$rid={rid}}; {@code status} is raw. */
  record MethodResponse(String status, TopicQuery query) implements PublishRoute {
    public MethodResponse {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(query, "query");
    }
  }

  /** A topic the identity may not publish to: IoT Hub closes the connection. */
  record Forbidden() implements PublishRoute {}
}
