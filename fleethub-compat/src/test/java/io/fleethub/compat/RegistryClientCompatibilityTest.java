package io.fleethub.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.auth.SymmetricKey;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyDevicesException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official Java service SDK's RegistryClient (iot-service-client 2.1.9) against a hub started by the test,
 * connecting with the owner connection string from hub.json and trusting the CA named there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryClientCompatibilityTest {
  private CompatHub hub;
  private RegistryClient registry;

  @BeforeAll
  void startHub() throws Exception {
    hub = CompatHub.start();
    registry = new RegistryClient(hub.ownerConnectionString());
  }

  @AfterAll
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void addsDeviceAndReadsItBack() throws Exception {
    // GIVEN a device the SDK builds with SAS authentication (the Java SDK makes its keys itself)
    String deviceId = uniqueId("added");
    Device sent = new Device(deviceId, AuthenticationType.SAS);

    // WHEN it is added and read back
    Device added = registry.addDevice(sent);
    Device read = registry.getDevice(deviceId);

    // THEN the hub kept the SDK's keys and shaped the device as IoT Hub does
    assertThat(added.getDeviceId()).isEqualTo(deviceId);
    assertThat(added.getPrimaryKey()).isEqualTo(sent.getPrimaryKey());
    assertThat(added.getSecondaryKey()).isEqualTo(sent.getSecondaryKey());
    assertThat(added.getGenerationId()).matches("\\d{18}");
    assertThat(added.getETag()).isNotBlank();
    assertThat(added.getStatus()).isEqualTo(DeviceStatus.Enabled);
    assertThat(read.getAuthenticationType()).isEqualTo(AuthenticationType.SAS);
    assertThat(read.getPrimaryKey()).isEqualTo(added.getPrimaryKey());
    assertThat(read.getGenerationId()).isEqualTo(added.getGenerationId());
    assertThat(read.getETag()).isEqualTo(added.getETag());
    assertThat(read.getConnectionState()).isEqualTo(DeviceConnectionState.Disconnected);
    assertThat(read.getCloudToDeviceMessageCount()).isZero();
  }

  @Test
  void updatesDeviceToDisabledAndRotatesItsKeys() throws Exception {
    // GIVEN an enabled device
    String deviceId = uniqueId("rotated");
    Device device = registry.addDevice(new Device(deviceId, AuthenticationType.SAS));
    SymmetricKey newKeys = new SymmetricKey();
    newKeys.setPrimaryKey(randomKey());
    newKeys.setSecondaryKey(randomKey());

    // WHEN the SDK disables it and sets new keys
    device.setStatus(DeviceStatus.Disabled);
    device.setSymmetricKey(newKeys);
    Device updated = registry.updateDevice(device);

    // THEN the hub stored both, with a new etag
    Device read = registry.getDevice(deviceId);
    assertThat(updated.getStatus()).isEqualTo(DeviceStatus.Disabled);
    assertThat(read.getStatus()).isEqualTo(DeviceStatus.Disabled);
    assertThat(read.getPrimaryKey()).isEqualTo(newKeys.getPrimaryKey());
    assertThat(read.getSecondaryKey()).isEqualTo(newKeys.getSecondaryKey());
    assertThat(read.getETag()).isNotEqualTo(device.getETag());
  }

  @Test
  void addsSelfSignedAndCaAuthenticatedDevices() throws Exception {
    // GIVEN devices authenticated by certificate thumbprint and by CA
    String thumbprint = "3B2B9B3C8AE6A6C2B2C8A33F0D4E5A6B7C8D9E0F";
    Device selfSigned = new Device(uniqueId("selfsigned"), AuthenticationType.SELF_SIGNED);
    selfSigned.setThumbprint(thumbprint, thumbprint);
    Device caSigned = new Device(uniqueId("casigned"), AuthenticationType.CERTIFICATE_AUTHORITY);

    // WHEN they are added
    registry.addDevice(selfSigned);
    registry.addDevice(caSigned);

    // THEN the hub keeps their authentication types and thumbprints
    Device readSelfSigned = registry.getDevice(selfSigned.getDeviceId());
    assertThat(readSelfSigned.getAuthenticationType()).isEqualTo(AuthenticationType.SELF_SIGNED);
    assertThat(readSelfSigned.getPrimaryThumbprint()).isEqualToIgnoringCase(thumbprint);
    assertThat(registry.getDevice(caSigned.getDeviceId()).getAuthenticationType())
        .isEqualTo(AuthenticationType.CERTIFICATE_AUTHORITY);
  }

  @Test
  void removesDeviceSoThatReadingItRaisesNotFound() throws Exception {
    // GIVEN a device
    String deviceId = uniqueId("removed");
    registry.addDevice(new Device(deviceId, AuthenticationType.SAS));

    // WHEN it is removed
    registry.removeDevice(deviceId);

    // THEN the SDK raises its not-found exception for it
    assertThatThrownBy(() -> registry.getDevice(deviceId)).isInstanceOf(IotHubNotFoundException.class);
  }

  @Test
  void addingAnExistingDeviceRaisesConflictAndKeepsTheDevice() throws Exception {
    // GIVEN a device
    String deviceId = uniqueId("existing");
    Device original = registry.addDevice(new Device(deviceId, AuthenticationType.SAS));

    // WHEN the same id is added again
    // THEN the SDK raises its conflict exception and the original keys are unchanged
    assertThatThrownBy(() -> registry.addDevice(new Device(deviceId, AuthenticationType.SAS)))
        .isInstanceOf(IotHubConflictException.class);
    assertThat(registry.getDevice(deviceId).getPrimaryKey()).isEqualTo(original.getPrimaryKey());
  }

  @Test
  void removingWithAStaleEtagRaisesPreconditionFailedAndKeepsTheDevice() throws Exception {
    // GIVEN a device updated since the SDK last read it
    String deviceId = uniqueId("stale");
    Device stale = registry.addDevice(new Device(deviceId, AuthenticationType.SAS));
    Device current = registry.getDevice(deviceId);
    current.setStatus(DeviceStatus.Disabled);
    registry.updateDevice(current);

    // WHEN the SDK removes it with the old etag
    // THEN it raises its precondition exception and the device is still there
    assertThatThrownBy(() -> registry.removeDevice(stale)).isInstanceOf(IotHubPreconditionFailedException.class);
    assertThat(registry.getDevice(deviceId).getStatus()).isEqualTo(DeviceStatus.Disabled);
  }

  @Test
  void managesModulesOfADevice() throws Exception {
    // GIVEN a device
    String deviceId = uniqueId("withmodules");
    registry.addDevice(new Device(deviceId, AuthenticationType.SAS));

    // WHEN two modules are added, one is updated with new keys and the other removed
    Module first = registry.addModule(new Module(deviceId, "first", AuthenticationType.SAS));
    registry.addModule(new Module(deviceId, "second", AuthenticationType.SAS));
    SymmetricKey newKeys = new SymmetricKey();
    newKeys.setPrimaryKey(randomKey());
    newKeys.setSecondaryKey(randomKey());
    first.setSymmetricKey(newKeys);
    registry.updateModule(first);
    registry.removeModule(deviceId, "second");

    // THEN the device lists only the first, with its new keys, and the second is gone
    List<Module> modules = registry.getModulesOnDevice(deviceId);
    assertThat(modules).extracting(Module::getId).containsExactly("first");
    Module read = registry.getModule(deviceId, "first");
    assertThat(read.getDeviceId()).isEqualTo(deviceId);
    assertThat(read.getPrimaryKey()).isEqualTo(newKeys.getPrimaryKey());
    assertThat(read.getGenerationId()).matches("\\d{18}");
    assertThatThrownBy(() -> registry.getModule(deviceId, "second")).isInstanceOf(IotHubNotFoundException.class);
    assertThatThrownBy(() -> registry.addModule(new Module(deviceId, "first", AuthenticationType.SAS)))
        .isInstanceOf(IotHubConflictException.class);
  }

  @Test
  void reportsDeviceStatistics() throws Exception {
    // GIVEN one more enabled and one more disabled device than before
    RegistryStatistics before = registry.getStatistics();
    registry.addDevice(new Device(uniqueId("stats-enabled"), AuthenticationType.SAS));
    Device disabled = registry.addDevice(new Device(uniqueId("stats-disabled"), AuthenticationType.SAS));
    disabled.setStatus(DeviceStatus.Disabled);
    registry.updateDevice(disabled);

    // WHEN the SDK reads the statistics
    RegistryStatistics after = registry.getStatistics();

    // THEN the counts moved by exactly those two devices
    assertThat(after.getTotalDeviceCount()).isEqualTo(before.getTotalDeviceCount() + 2);
    assertThat(after.getEnabledDeviceCount()).isEqualTo(before.getEnabledDeviceCount() + 1);
    assertThat(after.getDisabledDeviceCount()).isEqualTo(before.getDisabledDeviceCount() + 1);
  }

  @Test
  void aWrongKeyRaisesUnauthorizedAndChangesNothing() throws Exception {
    // GIVEN a connection string whose key is not the owner's
    String forged = hub.ownerConnectionString()
        .replace(CompatHub.field(hub.ownerConnectionString(), "SharedAccessKey"), randomKey());
    RegistryClient forger = new RegistryClient(forged);
    String deviceId = uniqueId("forged");

    // WHEN it tries to add a device
    // THEN the SDK raises its unauthorized exception and no device was created
    assertThatThrownBy(() -> forger.addDevice(new Device(deviceId, AuthenticationType.SAS)))
        .isInstanceOf(IotHubUnauthorizedException.class);
    assertThatThrownBy(() -> registry.getDevice(deviceId)).isInstanceOf(IotHubNotFoundException.class);
  }

  @Test
  void aReadOnlyPolicyCanReadButWritingRaisesForbiddenAndChangesNothing() throws Exception {
    // GIVEN the registryRead policy's connection string and an existing device
    RegistryClient reader = new RegistryClient(hub.connectionStringFor("registryRead"));
    String existing = uniqueId("readable");
    registry.addDevice(new Device(existing, AuthenticationType.SAS));
    String deviceId = uniqueId("forbidden");

    // WHEN it reads, and then tries to add and to remove devices
    Device read = reader.getDevice(existing);

    // THEN reading works; writing raises the SDK's exception for 403 and changes nothing
    assertThat(read.getDeviceId()).isEqualTo(existing);
    assertThatThrownBy(() -> reader.addDevice(new Device(deviceId, AuthenticationType.SAS)))
        .isInstanceOf(IotHubTooManyDevicesException.class)
        .satisfies(e -> assertThat(((IotHubException) e).getMessage()).contains("RegistryWrite"));
    assertThatThrownBy(() -> reader.removeDevice(existing)).isInstanceOf(IotHubTooManyDevicesException.class);
    assertThatThrownBy(() -> registry.getDevice(deviceId)).isInstanceOf(IotHubNotFoundException.class);
    assertThat(registry.getDevice(existing).getDeviceId()).isEqualTo(existing);
  }

  @Test
  void devicesAndKeysSurviveARestartOfTheHub() throws Exception {
    // GIVEN a device and a module with their keys
    String deviceId = uniqueId("durable");
    Device device = registry.addDevice(new Device(deviceId, AuthenticationType.SAS));
    Module module = registry.addModule(new Module(deviceId, "durable-module", AuthenticationType.SAS));

    // WHEN the hub is stopped and started on the same data directory
    hub.restart();
    RegistryClient afterRestart = new RegistryClient(hub.ownerConnectionString());

    // THEN the same connection string still works and both are there with the same keys and generations
    Device read = afterRestart.getDevice(deviceId);
    assertThat(read.getPrimaryKey()).isEqualTo(device.getPrimaryKey());
    assertThat(read.getSecondaryKey()).isEqualTo(device.getSecondaryKey());
    assertThat(read.getGenerationId()).isEqualTo(device.getGenerationId());
    assertThat(afterRestart.getModule(deviceId, "durable-module").getPrimaryKey())
        .isEqualTo(module.getPrimaryKey());
  }

  private static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
