package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A twin with the registry record it was read with: what the service API answers. */
public record ServiceTwin(TwinIdentity identity, Twin twin) {
  public ServiceTwin {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(twin, "twin");
  }

  /** The body of a twin response; see {@link TwinJson#service}. */
  public ObjectNode toJson() {
    return TwinJson.service(identity, twin);
  }
}
