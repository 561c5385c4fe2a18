package io.fleethub.transport.http.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.consumergroups.ConsumerGroup;
import java.util.List;

/**
 * The JSON of {@code /$fleethub/consumergroups}: a group is {@code {"name": "..", "createdTime": ".."}}, the time in
 * {@link IotHubDates} form like every time the service API writes. Thread-safe.
 */
final class ConsumerGroupJsonMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  String group(ConsumerGroup group) {
    return write(node(group));
  }

  String groups(List<ConsumerGroup> groups) {
    ArrayNode array = JSON.createArrayNode();
    groups.forEach(group -> array.add(node(group)));
    return write(array);
  }

  private static ObjectNode node(ConsumerGroup group) {
    return JSON.createObjectNode()
        .put("name", group.name())
        .put("createdTime", IotHubDates.format(group.createdTime()));
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings cannot fail to serialize", e);
    }
  }
}
