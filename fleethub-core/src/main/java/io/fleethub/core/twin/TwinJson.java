package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a twin as IoT Hub shapes it for each party. The service's form holds the registry fields too, so that
 * the REST API, queries, jobs and event notifications all show the same document; it is made here, in the core,
 * from the twin and the registry record it was read with.
 */
public final class TwinJson {
  private TwinJson() {}

  /**
   * The twin as {@code GET /twins/{id}} returns it: {@code deviceId}, {@code moduleId} for a module, {@code etag},
   * {@code deviceEtag}, {@code status}, {@code statusReason} when there is one, {@code statusUpdateTime},
   * {@code connectionState}, {@code lastActivityTime}, {@code cloudToDeviceMessageCount},
   * {@code authenticationType}, {@code x509Thumbprint}, {@code modelId} (empty when none was announced),
   * {@code version}; for a device {@code capabilities}, {@code deviceScope} when set and {@code parentScopes};
   * then {@code tags} and {@code properties} with {@code desired} and {@code reported}, each with its
   * {@code $metadata} and {@code $version}.
   */
  public static ObjectNode service(TwinIdentity identity, Twin twin) {
    ObjectNode json = TwinJsonNodes.JSON.createObjectNode();
    json.put("deviceId", identity.ref().deviceId().value());
    identity.ref().moduleId().ifPresent(moduleId -> json.put("moduleId", moduleId.value()));
    json.put("etag", twin.etag().value())
        .put("deviceEtag", identity.etag().value())
        .put("status", identity.status().wireName());
    identity.statusReason().ifPresent(reason -> json.put("statusReason", reason));
    json.put("statusUpdateTime", TwinTimestamps.registryTime(identity.statusUpdatedTime()))
        .put("connectionState", identity.activity().connectionState().wireName())
        .put("lastActivityTime", TwinTimestamps.registryTime(identity.activity().lastActivityTime()))
        .put("cloudToDeviceMessageCount", identity.activity().cloudToDeviceMessageCount())
        .put("authenticationType", identity.authenticationType().wireName());
    json.putObject("x509Thumbprint")
        .put("primaryThumbprint", identity.x509Thumbprint().primaryThumbprint().orElse(null))
        .put("secondaryThumbprint", identity.x509Thumbprint().secondaryThumbprint().orElse(null));
    json.put("modelId", identity.modelId().orElse(""));
    TwinJsonNodes.putNumber(json, "version", twin.version());
    if (!identity.ref().isModule()) {
      putDeviceOnlyFields(json, identity);
    }
    json.set("tags", twin.tags());
    ObjectNode properties = json.putObject("properties");
    properties.set("desired", twin.desired().toServiceJson());
    properties.set("reported", twin.reported().toServiceJson());
    return json;
  }

  /**
   * The twin as a device gets it on {@code $iothub/twin/GET}: {@code {"desired":{..,"$version":n},
   * "reported":{..,"$version":m}}}, without tags or metadata.
   */
  public static ObjectNode device(Twin twin) {
    ObjectNode json = TwinJsonNodes.JSON.createObjectNode();
    json.set("desired", twin.desired().toDeviceJson());
    json.set("reported", twin.reported().toDeviceJson());
    return json;
  }

  private static void putDeviceOnlyFields(ObjectNode json, TwinIdentity identity) {
    json.putObject("capabilities").put("iotEdge", identity.iotEdge());
    identity.deviceScope().ifPresent(scope -> json.put("deviceScope", scope));
    ArrayNode parents = json.putArray("parentScopes");
    identity.parentScopes().forEach(parents::add);
  }
}
