package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.JsonFields.bool;
import static io.fleethub.transport.http.service.JsonFields.invalid;
import static io.fleethub.transport.http.service.JsonFields.nonEmptyText;
import static io.fleethub.transport.http.service.JsonFields.object;
import static io.fleethub.transport.http.service.JsonFields.text;
import static io.fleethub.transport.http.service.JsonFields.textArray;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.AuthenticationType;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceSpec;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.ModuleSpec;
import io.fleethub.core.registry.RegistryStatistics;
import io.fleethub.core.registry.SymmetricKey;
import io.fleethub.core.registry.X509Thumbprint;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps registry objects to and from the service REST API's JSON, field for field as IoT Hub writes them and the
 * official SDKs read them (Java {@code RegistryIdentityParser}, Node {@code src/pl/models/mappers.ts}).
 *
 * <p>Writing: every field is present, absent values as {@code null}, times as {@link IotHubDates}, the body
 * {@code etag} unquoted. Reading: only the fields a caller may set are read (deviceId and moduleId, which must
 * match the path; status, case-insensitively since the Java SDK sends {@code Enabled}; statusReason;
 * authentication; capabilities.iotEdge; deviceScope; parentScopes; managedBy). Read-only fields the SDKs echo
 * back (etag, generationId, connection state, times, counts) are ignored whatever their type. Empty keys and
 * thumbprints mean "none given", as the Node SDK sends them. Thread-safe.
 */
final class RegistryJsonMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  String device(Device device) {
    return write(deviceNode(device));
  }

  String devices(List<Device> devices) {
    return write(array(devices, this::deviceNode));
  }

  String module(Module module) {
    return write(moduleNode(module));
  }

  String modules(List<Module> modules) {
    return write(array(modules, this::moduleNode));
  }

  /**
   * The registry statistics under IoT Hub's names, plus {@code enableDeviceCount}: the Java service SDK (2.1.9)
   * reads the enabled count under that misspelt name, so without it Java users would always see 0.
   */
  String registryStatistics(RegistryStatistics statistics) {
    return write(JSON.createObjectNode()
        .put("totalDeviceCount", statistics.totalDeviceCount())
        .put("enabledDeviceCount", statistics.enabledDeviceCount())
        .put("enableDeviceCount", statistics.enabledDeviceCount())
        .put("disabledDeviceCount", statistics.disabledDeviceCount()));
  }

  String serviceStatistics(long connectedDeviceCount) {
    return write(JSON.createObjectNode().put("connectedDeviceCount", connectedDeviceCount));
  }

  /** Policies with their keys and rights, the rights as IoT Hub's ARM API lists them: "RegistryRead, ...". */
  String policies(List<SharedAccessPolicy> policies) {
    return write(array(policies, policy -> JSON.createObjectNode()
        .put("keyName", policy.keyName())
        .put("primaryKey", policy.primaryKey())
        .put("secondaryKey", policy.secondaryKey())
        .put("rights", policy.rights().stream()
            .sorted(Comparator.comparingInt(AccessRight::ordinal))
            .map(AccessRight::wireName)
            .collect(Collectors.joining(", ")))));
  }

  /** Reads a device PUT body for the device at {@code pathId}; 400 ArgumentInvalid when it is not acceptable. */
  DeviceSpec deviceSpec(DeviceId pathId, byte[] body) {
    ObjectNode root = JsonFields.parseObject(body);
    requireSameId(root, "deviceId", pathId.value());
    DeviceStatus status = text(root, "status").map(RegistryJsonMapper::status).orElse(DeviceStatus.ENABLED);
    boolean iotEdge = object(root, "capabilities").flatMap(c -> bool(c, "iotEdge")).orElse(false);
    return new DeviceSpec(pathId, status, text(root, "statusReason"), authentication(root), iotEdge,
        text(root, "deviceScope"), textArray(root, "parentScopes"));
  }

  /** Reads a module PUT body for the module at the path's ids; 400 ArgumentInvalid when it is not acceptable. */
  ModuleSpec moduleSpec(DeviceId deviceId, ModuleId moduleId, byte[] body) {
    ObjectNode root = JsonFields.parseObject(body);
    requireSameId(root, "deviceId", deviceId.value());
    requireSameId(root, "moduleId", moduleId.value());
    return new ModuleSpec(deviceId, moduleId, text(root, "managedBy"), authentication(root));
  }

  private ObjectNode deviceNode(Device device) {
    ObjectNode node = JSON.createObjectNode()
        .put("deviceId", device.id().value())
        .put("generationId", device.generationId())
        .put("etag", device.etag().value())
        .put("connectionState", device.activity().connectionState().wireName())
        .put("status", device.status().wireName())
        .put("statusReason", device.statusReason().orElse(null))
        .put("connectionStateUpdatedTime", IotHubDates.format(device.activity().connectionStateUpdatedTime()))
        .put("statusUpdatedTime", IotHubDates.format(device.statusUpdatedTime()))
        .put("lastActivityTime", IotHubDates.format(device.activity().lastActivityTime()))
        .put("cloudToDeviceMessageCount", device.activity().cloudToDeviceMessageCount());
    node.set("authentication", authenticationNode(device.authentication()));
    node.putObject("capabilities").put("iotEdge", device.iotEdge());
    node.put("deviceScope", device.deviceScope().orElse(null));
    ArrayNode parents = node.putArray("parentScopes");
    device.parentScopes().forEach(parents::add);
    return node;
  }

  private ObjectNode moduleNode(Module module) {
    Activity activity = module.activity();
    ObjectNode node = JSON.createObjectNode()
        .put("moduleId", module.id().value())
        .put("managedBy", module.managedBy().orElse(null))
        .put("deviceId", module.deviceId().value())
        .put("generationId", module.generationId())
        .put("etag", module.etag().value())
        .put("connectionState", activity.connectionState().wireName())
        .put("connectionStateUpdatedTime", IotHubDates.format(activity.connectionStateUpdatedTime()))
        .put("lastActivityTime", IotHubDates.format(activity.lastActivityTime()))
        .put("cloudToDeviceMessageCount", activity.cloudToDeviceMessageCount());
    node.set("authentication", authenticationNode(module.authentication()));
    return node;
  }

  private ObjectNode authenticationNode(Authentication authentication) {
    ObjectNode node = JSON.createObjectNode();
    SymmetricKey keys = authentication.symmetricKey();
    node.putObject("symmetricKey")
        .put("primaryKey", keys.primaryKey().orElse(null))
        .put("secondaryKey", keys.secondaryKey().orElse(null));
    X509Thumbprint thumbprints = authentication.x509Thumbprint();
    node.putObject("x509Thumbprint")
        .put("primaryThumbprint", thumbprints.primaryThumbprint().orElse(null))
        .put("secondaryThumbprint", thumbprints.secondaryThumbprint().orElse(null));
    node.put("type", authentication.type().wireName());
    return node;
  }

  /**
   * The requested credentials. No {@code authentication} means SAS with generated keys; no {@code type} means
   * selfSigned when a thumbprint is given and SAS otherwise (as the Node SDK normalizes it).
   */
  private static Authentication authentication(ObjectNode root) {
    Optional<ObjectNode> requested = object(root, "authentication");
    if (requested.isEmpty()) {
      return Authentication.generatedSas();
    }
    Optional<ObjectNode> keys = object(requested.get(), "symmetricKey");
    Optional<ObjectNode> thumbprints = object(requested.get(), "x509Thumbprint");
    Optional<String> primaryThumbprint = thumbprints.flatMap(t -> nonEmptyText(t, "primaryThumbprint"));
    Optional<String> secondaryThumbprint = thumbprints.flatMap(t -> nonEmptyText(t, "secondaryThumbprint"));
    AuthenticationType type = text(requested.get(), "type")
        .map(RegistryJsonMapper::authenticationType)
        .orElse(primaryThumbprint.isPresent() || secondaryThumbprint.isPresent()
            ? AuthenticationType.SELF_SIGNED : AuthenticationType.SAS);
    try {
      return switch (type) {
        case SAS -> new Authentication(AuthenticationType.SAS,
            new SymmetricKey(keys.flatMap(k -> nonEmptyText(k, "primaryKey")),
                keys.flatMap(k -> nonEmptyText(k, "secondaryKey"))),
            X509Thumbprint.NONE);
        case SELF_SIGNED -> new Authentication(AuthenticationType.SELF_SIGNED, SymmetricKey.GENERATE,
            new X509Thumbprint(primaryThumbprint, secondaryThumbprint));
        case CERTIFICATE_AUTHORITY -> Authentication.certificateAuthority();
        case NONE -> Authentication.none();
      };
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid authentication: " + e.getMessage() + ".");
    }
  }

  private static DeviceStatus status(String wireName) {
    try {
      return DeviceStatus.fromWireName(wireName);
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid status: " + e.getMessage() + ".");
    }
  }

  private static AuthenticationType authenticationType(String wireName) {
    try {
      return AuthenticationType.fromWireName(wireName);
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid authentication: " + e.getMessage() + ".");
    }
  }

  /** An id in the body may be left out, but when given it must be the one in the path (compared exactly). */
  private static void requireSameId(ObjectNode root, String field, String pathValue) {
    text(root, field).filter(value -> !value.equals(pathValue)).ifPresent(value -> {
      throw invalid("The " + field + " '" + value + "' in the body differs from '" + pathValue + "' in the path.");
    });
  }

  private static <T> ArrayNode array(List<T> items, Function<T, JsonNode> toNode) {
    ArrayNode array = JSON.createArrayNode();
    items.forEach(item -> array.add(toNode.apply(item)));
    return array;
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers cannot fail to serialize", e);
    }
  }
}
