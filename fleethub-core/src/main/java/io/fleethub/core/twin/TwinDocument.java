package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.identity.IdentityRef;

/**
 * The stored form of a twin's content, the same for every store: JSON text shaped as in IoT Hub's twin,
 * {@code {"tags":{..},"properties":{"desired":{..,"$metadata":{..},"$version":n},"reported":{..}}}}. The
 * identity, generation id and twin version are kept beside it (a store compares versions without parsing).
 */
public final class TwinDocument {
  private static final String TAGS = "tags";
  private static final String PROPERTIES = "properties";
  private static final String DESIRED = "desired";
  private static final String REPORTED = "reported";

  private TwinDocument() {}

  /** The twin's tags and properties as stored text. */
  public static String write(Twin twin) {
    ObjectNode document = TwinJsonNodes.JSON.createObjectNode();
    document.set(TAGS, twin.tags());
    ObjectNode properties = document.putObject(PROPERTIES);
    properties.set(DESIRED, twin.desired().toServiceJson());
    properties.set(REPORTED, twin.reported().toServiceJson());
    return TwinJsonNodes.write(document);
  }

  /**
   * Reads what {@link #write} wrote back into a twin.
   *
   * @throws IllegalArgumentException when the text is not such a document
   */
  public static Twin read(IdentityRef identity, String generationId, long version, String document) {
    ObjectNode root = TwinJsonNodes.parseObject(document);
    ObjectNode properties = object(root, PROPERTIES);
    return new Twin(identity, generationId, version, object(root, TAGS), section(object(properties, DESIRED)),
        section(object(properties, REPORTED)));
  }

  private static TwinProperties section(ObjectNode json) {
    JsonNode version = json.remove(TwinProperties.VERSION);
    ObjectNode metadata = object(json, TwinProperties.METADATA);
    json.remove(TwinProperties.METADATA);
    if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
      throw new IllegalArgumentException("a stored twin section has no integer " + TwinProperties.VERSION);
    }
    return new TwinProperties(json, version.longValue(), metadata);
  }

  private static ObjectNode object(ObjectNode parent, String name) {
    JsonNode child = parent.get(name);
    if (child == null || !child.isObject()) {
      throw new IllegalArgumentException("a stored twin has no object '" + name + "'");
    }
    return (ObjectNode) child;
  }
}
