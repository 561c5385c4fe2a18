package io.fleethub.testkit.store;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Module;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Devices and modules for store tests. Instants carry microseconds, as {@code Clock.systemUTC()} gives them on
 * Linux, so a store that rounds them is caught.
 */
public final class RegistryExamples {
  public static final Instant CREATED = Instant.parse("2024-05-06T07:08:09.123456Z");
  public static final Instant LATER = Instant.parse("2024-05-07T10:11:12.654321Z");

  /** Activity that no store may keep from a record passed to insert or replace. */
  public static final Activity FOREIGN_ACTIVITY =
      new Activity(ConnectionState.CONNECTED, Instant.parse("2030-01-01T00:00:00.5Z"), LATER, 42);

  private RegistryExamples() {}

  /** An enabled SAS device at version 1 with every optional field present and a foreign activity. */
  public static Device device(String id) {
    return new Device(
        DeviceId.of(id),
        "638000000000000001",
        1,
        DeviceStatus.ENABLED,
        Optional.of("provisioned"),
        CREATED,
        Authentication.sas(key(1), key(2)),
        true,
        Optional.of("ms-azure-iot-edge://" + id + "-638000000000000001"),
        List.of("ms-azure-iot-edge://parent-1", "ms-azure-iot-edge://parent-2"),
        Optional.of("dtmi:com:example:Thermostat;1"),
        FOREIGN_ACTIVITY);
  }

  /** A device at version 1 with every optional field absent and no parent scopes. */
  public static Device bareDevice(String id, Authentication authentication) {
    return new Device(DeviceId.of(id), "638000000000000002", 1, DeviceStatus.ENABLED, Optional.empty(), CREATED,
        authentication, false, Optional.empty(), List.of(), Optional.empty(), Activity.NONE);
  }

  /** The device as stored after insertion: its activity replaced by {@link Activity#NONE}. */
  public static Device asInserted(Device device) {
    return device.withActivity(Activity.NONE);
  }

  /** A copy one version on, with every registry-written field except the id changed. */
  public static Device changed(Device device) {
    return new Device(
        device.id(),
        device.generationId() + "9",
        device.version() + 1,
        device.status() == DeviceStatus.ENABLED ? DeviceStatus.DISABLED : DeviceStatus.ENABLED,
        Optional.of("changed at version " + (device.version() + 1)),
        device.statusUpdatedTime().plusMillis(1500),
        Authentication.selfSigned(thumbprint('A', 40), thumbprint('B', 64)),
        !device.iotEdge(),
        Optional.of("ms-azure-iot-edge://moved"),
        List.of("ms-azure-iot-edge://other-parent"),
        Optional.of("dtmi:com:example:Changed;" + (device.version() + 1)),
        FOREIGN_ACTIVITY);
  }

  /** A copy with another status, at the same version. */
  public static Device withStatus(Device device, DeviceStatus status) {
    return new Device(device.id(), device.generationId(), device.version(), status, device.statusReason(),
        device.statusUpdatedTime(), device.authentication(), device.iotEdge(), device.deviceScope(),
        device.parentScopes(), device.modelId(), device.activity());
  }

  /** A module at version 1 with every optional field present and a foreign activity. */
  public static Module module(String deviceId, String moduleId) {
    return new Module(DeviceId.of(deviceId), ModuleId.of(moduleId), "638000000000000003", 1,
        Optional.of("IotEdge"), Authentication.sas(key(3), key(4)), Optional.of("dtmi:com:example:Sensor;2"),
        FOREIGN_ACTIVITY);
  }

  /** A module at version 1 with every optional field absent. */
  public static Module bareModule(String deviceId, String moduleId, Authentication authentication) {
    return new Module(DeviceId.of(deviceId), ModuleId.of(moduleId), "638000000000000004", 1, Optional.empty(),
        authentication, Optional.empty(), Activity.NONE);
  }

  public static Module asInserted(Module module) {
    return withActivity(module, Activity.NONE);
  }

  /** A copy one version on, with every registry-written field except the ids changed. */
  public static Module changed(Module module) {
    return new Module(module.deviceId(), module.id(), module.generationId() + "9", module.version() + 1,
        Optional.of("changed-manager"), Authentication.certificateAuthority(),
        Optional.of("dtmi:com:example:Changed;" + (module.version() + 1)), FOREIGN_ACTIVITY);
  }

  public static Module withActivity(Module module, Activity activity) {
    return new Module(module.deviceId(), module.id(), module.generationId(), module.version(), module.managedBy(),
        module.authentication(), module.modelId(), activity);
  }

  /** One example of every authentication type, including thumbprints of both lengths and a lone primary. */
  public static List<Authentication> everyAuthentication() {
    return List.of(
        Authentication.sas(key(5), key(6)),
        Authentication.selfSigned(thumbprint('C', 40), thumbprint('D', 40)),
        Authentication.selfSigned(thumbprint('E', 64), null),
        Authentication.certificateAuthority(),
        Authentication.none());
  }

  /** A valid base64 key of 32 bytes, different for each seed. */
  public static String key(int seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) seed);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String thumbprint(char digit, int length) {
    return String.valueOf(digit).repeat(length);
  }
}
