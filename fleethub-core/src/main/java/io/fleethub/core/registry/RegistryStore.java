package io.fleethub.core.registry;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persists device and module identities. Dumb by design: it stores what it is given and compares versions;
 * generating keys, ids and versions is the caller's ({@link DeviceRegistry}'s) business.
 *
 * <p>Every method may be called from any thread and blocks until the change is durable. The {@link Activity} of
 * a record passed to {@code insert*} or {@code replace*} is ignored: inserts start from {@link Activity#NONE} and
 * replaces keep the stored activity.
 */
public interface RegistryStore {

  /** Stores a new device; returns false, changing nothing, when a device with that id exists. */
  boolean insertDevice(Device device);

  Optional<Device> findDevice(DeviceId id);

  /**
   * Replaces the device with the same id if its stored version is {@code expectedVersion}; returns false,
   * changing nothing, when it is absent or at another version.
   */
  boolean replaceDevice(Device device, long expectedVersion);

  /**
   * Deletes a device and all its modules if its stored version is {@code expectedVersion}, or whatever its
   * version when {@code expectedVersion} is empty; returns false when nothing was deleted.
   */
  boolean deleteDevice(DeviceId id, Optional<Long> expectedVersion);

  /** Up to {@code limit} devices in ascending id order, starting after {@code after} when given. */
  List<Device> listDevices(Optional<DeviceId> after, int limit);

  RegistryStatistics statistics();

  /** How many devices (not modules) are connected now. */
  long connectedDeviceCount();

  /** Stores a new module; returns false when its device is absent or the module exists. */
  boolean insertModule(Module module);

  Optional<Module> findModule(DeviceId deviceId, ModuleId moduleId);

  /** Like {@link #replaceDevice}, for a module. */
  boolean replaceModule(Module module, long expectedVersion);

  /** Like {@link #deleteDevice}, for a module. */
  boolean deleteModule(DeviceId deviceId, ModuleId moduleId, Optional<Long> expectedVersion);

  /** The device's modules in ascending id order; empty when the device has none or does not exist. */
  List<Module> listModules(DeviceId deviceId);

  /**
   * Records that an identity connected or disconnected at {@code at}, without changing its version. Ignored
   * for an identity that does not exist.
   */
  void recordConnectionState(IdentityRef identity, ConnectionState state, Instant at);

  /** Records the identity's last activity, without changing its version; ignored when it does not exist. */
  void recordActivity(IdentityRef identity, Instant at);

  /**
   * Records how many cloud-to-device messages are queued for the identity, without changing its version; ignored
   * when it does not exist.
   */
  void recordCloudToDeviceMessageCount(IdentityRef identity, int count);

  /**
   * Records the IoT Plug and Play model id the identity announced when it connected, without changing its
   * version; ignored when it does not exist. Later reads return it until another is recorded.
   */
  void recordModelId(IdentityRef identity, String modelId);
}
