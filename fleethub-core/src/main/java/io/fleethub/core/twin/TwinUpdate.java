package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What the service writes into a twin: tags, desired properties, or both, as parsed from a request body. For a
 * patch the objects are merged in; for a replacement they replace the section. An absent part leaves that section
 * alone. At the root of either part, the read-only {@code $version} and {@code $metadata} a client may echo from a
 * twin it read are ignored. Immutable.
 */
public record TwinUpdate(Optional<ObjectNode> tags, Optional<ObjectNode> desired) {
  public TwinUpdate {
    tags = Objects.requireNonNull(tags, "tags").map(TwinJsonNodes::canonical);
    desired = Objects.requireNonNull(desired, "desired").map(TwinJsonNodes::canonical);
  }

  public static TwinUpdate of(ObjectNode tags, ObjectNode desired) {
    return new TwinUpdate(Optional.of(tags), Optional.of(desired));
  }

  public static TwinUpdate tags(ObjectNode tags) {
    return new TwinUpdate(Optional.of(tags), Optional.empty());
  }

  public static TwinUpdate desired(ObjectNode desired) {
    return new TwinUpdate(Optional.empty(), Optional.of(desired));
  }

  @Override
  public Optional<ObjectNode> tags() {
    return tags.map(ObjectNode::deepCopy);
  }

  @Override
  public Optional<ObjectNode> desired() {
    return desired.map(ObjectNode::deepCopy);
  }
}
