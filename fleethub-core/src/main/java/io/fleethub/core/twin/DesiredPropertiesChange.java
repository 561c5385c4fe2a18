package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.identity.IdentityRef;
import java.util.Objects;

/**
 * A write to a twin's desired properties, as the device is told of it on
 * {@code $iothub/twin/PATCH/properties/desired/?$version={version}}. Immutable.
 *
 * @param patch what the service wrote, with {@code "$version"} added last: the patch as sent for a patch, with
 *     its {@code null} members (deletions); the whole new desired content for a replacement
 * @param version the desired properties' {@code $version} after the write
 */
public record DesiredPropertiesChange(IdentityRef identity, ObjectNode patch, long version) {
  public DesiredPropertiesChange {
    Objects.requireNonNull(identity, "identity");
    patch = TwinJsonNodes.canonical(Objects.requireNonNull(patch, "patch"));
  }

  @Override
  public ObjectNode patch() {
    return patch.deepCopy();
  }
}
