package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One properties section of a twin, desired or reported: its content, its {@code $version} and its
 * {@code $metadata}. Immutable: the nodes are copied in and out.
 *
 * @param values the properties, without {@code $version} and {@code $metadata}
 * @param version the section's {@code $version}, 1 for a new twin; it grows with every write to the section
 * @param metadata the {@code $metadata} object as IoT Hub shows it: a tree that mirrors {@code values}, with
 *     {@code $lastUpdated} (and, for desired properties, {@code $lastUpdatedVersion}) at the root and on every
 *     member at every level
 */
public record TwinProperties(ObjectNode values, long version, ObjectNode metadata) {
  public static final String VERSION = "$version";
  public static final String METADATA = "$metadata";
  public static final String LAST_UPDATED = "$lastUpdated";
  public static final String LAST_UPDATED_VERSION = "$lastUpdatedVersion";

  public TwinProperties {
    values = TwinJsonNodes.canonical(Objects.requireNonNull(values, "values"));
    metadata = TwinJsonNodes.canonical(Objects.requireNonNull(metadata, "metadata"));
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, not " + version);
    }
    if (values.has(VERSION) || values.has(METADATA)) {
      throw new IllegalArgumentException("values must not hold " + VERSION + " or " + METADATA);
    }
  }

  /**
   * The empty section of a new twin at version 1, last updated {@code at}.
   *
   * @param recordsVersions true for desired properties, whose metadata carries {@code $lastUpdatedVersion}
   */
  public static TwinProperties empty(Instant at, boolean recordsVersions) {
    ObjectNode metadata = new MetadataStamp(TwinTimestamps.lastUpdated(at), recordsVersions, 1).newNode();
    return new TwinProperties(TwinJsonNodes.JSON.createObjectNode(), 1, metadata);
  }

  @Override
  public ObjectNode values() {
    return values.deepCopy();
  }

  @Override
  public ObjectNode metadata() {
    return metadata.deepCopy();
  }

  /** The section as the service sees it: the values, then {@code $metadata}, then {@code $version}. */
  public ObjectNode toServiceJson() {
    ObjectNode json = values.deepCopy();
    json.set(METADATA, metadata.deepCopy());
    TwinJsonNodes.putNumber(json, VERSION, version);
    return json;
  }

  /** The section as a device gets it: the values, then {@code $version}. */
  public ObjectNode toDeviceJson() {
    ObjectNode json = values.deepCopy();
    TwinJsonNodes.putNumber(json, VERSION, version);
    return json;
  }
}
