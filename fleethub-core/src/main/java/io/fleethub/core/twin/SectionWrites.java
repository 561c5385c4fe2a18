package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * Applies a patch or a replacement to a section's content and its {@code $metadata}, in place on private copies.
 * A member's metadata is stamped only when its value changes (set to a different value, added or removed), and
 * then so is the metadata of every object above it up to the section's root; members the write leaves as they
 * were keep their stamps. In a patch {@code null} removes a member; in a value written whole (and in a
 * replacement) {@code null} members are left out.
 */
final class SectionWrites {
  private SectionWrites() {}

  /** The section one version on, after merging {@code patch} into it. */
  static TwinProperties patched(TwinProperties current, ObjectNode patch, Instant at, boolean recordsVersions) {
    long version = current.version() + 1;
    ObjectNode values = current.values();
    ObjectNode metadata = current.metadata();
    merge(values, metadata, patch, stamp(at, recordsVersions, version));
    return new TwinProperties(values, version, metadata);
  }

  /** The section one version on, with {@code replacement} as its whole content. */
  static TwinProperties replaced(TwinProperties current, ObjectNode replacement, Instant at, boolean recordsVersions) {
    long version = current.version() + 1;
    ObjectNode values = current.values();
    ObjectNode metadata = current.metadata();
    replace(values, metadata, replacement, stamp(at, recordsVersions, version));
    return new TwinProperties(values, version, metadata);
  }

  /** Tags after merging {@code patch}: the same rules, without metadata. */
  static ObjectNode patchedTags(ObjectNode tags, ObjectNode patch) {
    ObjectNode values = tags.deepCopy();
    merge(values, TwinJsonNodes.JSON.createObjectNode(), patch, stamp(Instant.EPOCH, false, 1));
    return values;
  }

  /** Tags replaced by {@code replacement}, without its {@code null} members. */
  static ObjectNode replacedTags(ObjectNode replacement) {
    return (ObjectNode) TwinJsonNodes.withoutNulls(replacement);
  }

  private static MetadataStamp stamp(Instant at, boolean recordsVersions, long version) {
    return new MetadataStamp(TwinTimestamps.lastUpdated(at), recordsVersions, version);
  }

  private static boolean merge(ObjectNode values, ObjectNode metadata, ObjectNode patch, MetadataStamp stamp) {
    boolean changed = false;
    for (Map.Entry<String, JsonNode> field : TwinJsonNodes.fields(patch)) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = values.get(name);
      if (value.isNull()) {
        changed |= remove(values, metadata, name);
      } else if (value.isObject() && existing != null && existing.isObject()) {
        ObjectNode child = childMetadata(metadata, name, existing, stamp);
        changed |= merge((ObjectNode) existing, child, (ObjectNode) value, stamp);
      } else {
        changed |= put(values, metadata, name, TwinJsonNodes.withoutNulls(value), stamp);
      }
    }
    if (changed) {
      stamp.applyTo(metadata);
    }
    return changed;
  }

  private static boolean replace(ObjectNode values, ObjectNode metadata, ObjectNode replacement,
      MetadataStamp stamp) {
    boolean changed = false;
    for (Map.Entry<String, JsonNode> field : TwinJsonNodes.fields(values)) {
      JsonNode wanted = replacement.get(field.getKey());
      if (wanted == null || wanted.isNull()) {
        changed |= remove(values, metadata, field.getKey());
      }
    }
    for (Map.Entry<String, JsonNode> field : TwinJsonNodes.fields(replacement)) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = values.get(name);
      if (value.isNull()) {
        continue;
      }
      if (value.isObject() && existing != null && existing.isObject()) {
        ObjectNode child = childMetadata(metadata, name, existing, stamp);
        changed |= replace((ObjectNode) existing, child, (ObjectNode) value, stamp);
      } else {
        changed |= put(values, metadata, name, TwinJsonNodes.withoutNulls(value), stamp);
      }
    }
    if (changed) {
      stamp.applyTo(metadata);
    }
    return changed;
  }

  private static boolean put(ObjectNode values, ObjectNode metadata, String name, JsonNode value,
      MetadataStamp stamp) {
    if (value.equals(values.get(name))) {
      return false;
    }
    values.set(name, value);
    metadata.set(name, stamp.metadataFor(value));
    return true;
  }

  private static boolean remove(ObjectNode values, ObjectNode metadata, String name) {
    metadata.remove(name);
    return values.remove(name) != null;
  }

  /** The metadata of an existing object member; rebuilt with this stamp if it went missing. */
  private static ObjectNode childMetadata(ObjectNode metadata, String name, JsonNode existing, MetadataStamp stamp) {
    JsonNode child = metadata.get(name);
    if (child instanceof ObjectNode object) {
      return object;
    }
    ObjectNode rebuilt = stamp.metadataFor(existing);
    metadata.set(name, rebuilt);
    return rebuilt;
  }
}
