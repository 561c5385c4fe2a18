package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.JsonFields.invalid;
import static io.fleethub.transport.http.service.JsonFields.object;
import static io.fleethub.transport.http.service.JsonFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.twin.ServiceTwin;
import io.fleethub.core.twin.TwinUpdate;
import java.util.Optional;

/**
 * Maps twins to and from the service REST API's JSON. Writing: the core's service form of the twin
 * ({@link ServiceTwin#toJson()}: the registry fields, tags, and desired and reported properties with their
 * {@code $metadata} and {@code $version}). Reading a PATCH or PUT body: only {@code tags} and
 * {@code properties.desired} are read, each a JSON object or {@code null} (= leave that section alone); the Java
 * SDK sends every other twin field as {@code null} and a Node caller may send back a whole twin it read, so the
 * read-only fields (etag, version, status, reported properties, ...) are ignored whatever their value, except that
 * a {@code deviceId} or {@code moduleId} must be the one in the path. Thread-safe.
 */
final class TwinJsonMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  String twin(ServiceTwin twin) {
    try {
      return JSON.writeValueAsString(twin.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a twin's JSON tree cannot fail to serialize", e);
    }
  }

  /** Reads a PATCH or PUT body for the twin of {@code identity}; 400 ArgumentInvalid when it is not acceptable. */
  TwinUpdate update(IdentityRef identity, byte[] body) {
    ObjectNode root = JsonFields.parseObject(body);
    requireSameId(root, "deviceId", identity.deviceId().value());
    requireSameId(root, "moduleId", identity.moduleId().map(ModuleId::value).orElse(null));
    Optional<ObjectNode> tags = object(root, "tags");
    Optional<ObjectNode> desired = object(root, "properties").flatMap(properties -> object(properties, "desired"));
    return new TwinUpdate(tags, desired);
  }

  /** An id in the body may be left out or null, but when given it must be the path's (none for a device twin). */
  private static void requireSameId(ObjectNode root, String field, String pathValue) {
    text(root, field).filter(value -> !value.equals(pathValue)).ifPresent(value -> {
      throw invalid("The " + field + " '" + value + "' in the body differs from "
          + (pathValue == null ? "the path, which names a device twin." : "'" + pathValue + "' in the path."));
    });
  }
}
