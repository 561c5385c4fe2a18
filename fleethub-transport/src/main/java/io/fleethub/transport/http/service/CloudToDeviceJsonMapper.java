package io.fleethub.transport.http.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;

/**
 * The service REST API's JSON for cloud-to-device queues: the purge result as the SDKs read it (Node's and .NET's
 * {@code PurgeMessageQueueResult}): {@code {"totalMessagesPurged": n, "deviceId": "..", "moduleId": null}}.
 * Thread-safe.
 */
final class CloudToDeviceJsonMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  String purgeResult(IdentityRef identity, int totalMessagesPurged) {
    try {
      return JSON.writeValueAsString(JSON.createObjectNode()
          .put("totalMessagesPurged", totalMessagesPurged)
          .put("deviceId", identity.deviceId().value())
          .put("moduleId", identity.moduleId().map(ModuleId::value).orElse(null)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON object of strings and numbers cannot fail to serialize", e);
    }
  }
}
