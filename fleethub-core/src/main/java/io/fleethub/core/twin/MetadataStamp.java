package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What one write records in the {@code $metadata} of the members it changes: when, and for desired properties the
 * section version it produced.
 */
record MetadataStamp(String lastUpdated, boolean recordsVersion, long version) {

  /** A metadata node holding only the stamp. */
  ObjectNode newNode() {
    ObjectNode node = TwinJsonNodes.JSON.createObjectNode();
    applyTo(node);
    return node;
  }

  /** Sets the stamp on an existing metadata node, keeping the position of fields it already has. */
  void applyTo(ObjectNode node) {
    node.put(TwinProperties.LAST_UPDATED, lastUpdated);
    if (recordsVersion) {
      TwinJsonNodes.putNumber(node, TwinProperties.LAST_UPDATED_VERSION, version);
    }
  }

  /** Metadata for a value written whole: the stamp on it and on every member of it, at every level. */
  ObjectNode metadataFor(JsonNode value) {
    ObjectNode node = newNode();
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : TwinJsonNodes.fields((ObjectNode) value)) {
        node.set(field.getKey(), metadataFor(field.getValue()));
      }
    }
    return node;
  }
}
