package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Etag;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The twin of a device or module as the hub stores it: tags, desired and reported properties, and a version that
 * grows with every write. Immutable: the tags are copied in and out.
 *
 * @param identity the device or module the twin belongs to
 * @param generationId the generation id of that identity: a twin left behind by an earlier identity of the same id
 *     (a deleted and re-created device) is recognised by it and never served
 * @param version the twin's {@code version}, 1 for a new twin; the etag is derived from it
 * @param tags the tags, which only the service reads and writes
 */
public record Twin(
    IdentityRef identity,
    String generationId,
    long version,
    ObjectNode tags,
    TwinProperties desired,
    TwinProperties reported) {

  public Twin {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(generationId, "generationId");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, not " + version);
    }
    tags = TwinJsonNodes.canonical(Objects.requireNonNull(tags, "tags"));
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(reported, "reported");
  }

  /** The twin a new identity starts with: no tags, no properties, every version 1, last updated {@code at}. */
  public static Twin empty(IdentityRef identity, String generationId, Instant at) {
    return new Twin(identity, generationId, 1, TwinJsonNodes.JSON.createObjectNode(),
        TwinProperties.empty(at, true), TwinProperties.empty(at, false));
  }

  @Override
  public ObjectNode tags() {
    return tags.deepCopy();
  }

  /** IoT Hub's form of a twin etag: base64 of the version as an 8-byte big-endian integer ({@code AAAAAAAAAAE=}). */
  public Etag etag() {
    return new Etag(Base64.getEncoder().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(version).array()));
  }

  /** True when the {@code If-Match} precondition holds: {@link Etag#ANY} or this twin's etag. */
  public boolean matches(Etag ifMatch) {
    return ifMatch.equals(Etag.ANY) || ifMatch.equals(etag());
  }

  Twin with(ObjectNode newTags, TwinProperties newDesired, TwinProperties newReported) {
    return new Twin(identity, generationId, version + 1, newTags, newDesired, newReported);
  }
}
