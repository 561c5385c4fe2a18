package io.fleethub.core.memory;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.RegistryStatistics;
import io.fleethub.core.registry.RegistryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link RegistryStore} in memory, for tests of the layers above the stores. Thread-safe by one lock. */
public final class InMemoryRegistryStore implements RegistryStore {
  private final TreeMap<DeviceId, Device> devices = new TreeMap<>();
  private final TreeMap<DeviceId, TreeMap<ModuleId, Module>> modules = new TreeMap<>();

  @Override
  public synchronized boolean insertDevice(Device device) {
    if (devices.containsKey(device.id())) {
      return false;
    }
    devices.put(device.id(), device.withActivity(Activity.NONE));
    return true;
  }

  @Override
  public synchronized Optional<Device> findDevice(DeviceId id) {
    return Optional.ofNullable(devices.get(id));
  }

  @Override
  public synchronized boolean replaceDevice(Device device, long expectedVersion) {
    Device stored = devices.get(device.id());
    if (stored == null || stored.version() != expectedVersion) {
      return false;
    }
    devices.put(device.id(), device.withActivity(stored.activity()));
    return true;
  }

  @Override
  public synchronized boolean deleteDevice(DeviceId id, Optional<Long> expectedVersion) {
    Device stored = devices.get(id);
    if (stored == null || expectedVersion.map(v -> v != stored.version()).orElse(false)) {
      return false;
    }
    devices.remove(id);
    modules.remove(id);
    return true;
  }

  @Override
  public synchronized List<Device> listDevices(Optional<DeviceId> after, int limit) {
    Map<DeviceId, Device> view = after.isPresent() ? devices.tailMap(after.get(), false) : devices;
    return view.values().stream().limit(limit).toList();
  }

  @Override
  public synchronized RegistryStatistics statistics() {
    long enabled = devices.values().stream().filter(d -> d.status() == DeviceStatus.ENABLED).count();
    return new RegistryStatistics(devices.size(), enabled, devices.size() - enabled);
  }

  @Override
  public synchronized long connectedDeviceCount() {
    return devices.values().stream()
        .filter(d -> d.activity().connectionState() == ConnectionState.CONNECTED)
        .count();
  }

  @Override
  public synchronized boolean insertModule(Module module) {
    if (!devices.containsKey(module.deviceId())) {
      return false;
    }
    TreeMap<ModuleId, Module> ofDevice = modules.computeIfAbsent(module.deviceId(), d -> new TreeMap<>());
    if (ofDevice.containsKey(module.id())) {
      return false;
    }
    ofDevice.put(module.id(), withActivity(module, Activity.NONE));
    return true;
  }

  @Override
  public synchronized Optional<Module> findModule(DeviceId deviceId, ModuleId moduleId) {
    return Optional.ofNullable(modules.getOrDefault(deviceId, new TreeMap<>()).get(moduleId));
  }

  @Override
  public synchronized boolean replaceModule(Module module, long expectedVersion) {
    Optional<Module> stored = findModule(module.deviceId(), module.id());
    if (stored.isEmpty() || stored.get().version() != expectedVersion) {
      return false;
    }
    modules.get(module.deviceId()).put(module.id(), withActivity(module, stored.get().activity()));
    return true;
  }

  @Override
  public synchronized boolean deleteModule(DeviceId deviceId, ModuleId moduleId, Optional<Long> expectedVersion) {
    Optional<Module> stored = findModule(deviceId, moduleId);
    if (stored.isEmpty() || expectedVersion.map(v -> v != stored.get().version()).orElse(false)) {
      return false;
    }
    modules.get(deviceId).remove(moduleId);
    return true;
  }

  @Override
  public synchronized List<Module> listModules(DeviceId deviceId) {
    return List.copyOf(modules.getOrDefault(deviceId, new TreeMap<>()).values());
  }

  @Override
  public synchronized void recordConnectionState(IdentityRef identity, ConnectionState state, Instant at) {
    updateActivity(identity, a -> new Activity(state, at, a.lastActivityTime(), a.cloudToDeviceMessageCount()));
  }

  @Override
  public synchronized void recordActivity(IdentityRef identity, Instant at) {
    updateActivity(identity,
        a -> new Activity(a.connectionState(), a.connectionStateUpdatedTime(), at, a.cloudToDeviceMessageCount()));
  }

  @Override
  public synchronized void recordCloudToDeviceMessageCount(IdentityRef identity, int count) {
    updateActivity(identity,
        a -> new Activity(a.connectionState(), a.connectionStateUpdatedTime(), a.lastActivityTime(), count));
  }

  @Override
  public synchronized void recordModelId(IdentityRef identity, String modelId) {
    if (identity.moduleId().isEmpty()) {
      Device d = devices.get(identity.deviceId());
      if (d != null) {
        devices.put(d.id(), new Device(d.id(), d.generationId(), d.version(), d.status(), d.statusReason(),
            d.statusUpdatedTime(), d.authentication(), d.iotEdge(), d.deviceScope(), d.parentScopes(),
            Optional.of(modelId), d.activity()));
      }
      return;
    }
    findModule(identity.deviceId(), identity.moduleId().get()).ifPresent(m -> modules.get(m.deviceId()).put(m.id(),
        new Module(m.deviceId(), m.id(), m.generationId(), m.version(), m.managedBy(), m.authentication(),
            Optional.of(modelId), m.activity())));
  }

  private void updateActivity(IdentityRef identity, java.util.function.UnaryOperator<Activity> change) {
    if (identity.moduleId().isEmpty()) {
      Device device = devices.get(identity.deviceId());
      if (device != null) {
        devices.put(device.id(), device.withActivity(change.apply(device.activity())));
      }
      return;
    }
    findModule(identity.deviceId(), identity.moduleId().get()).ifPresent(module ->
        modules.get(module.deviceId()).put(module.id(), withActivity(module, change.apply(module.activity()))));
  }

  private static Module withActivity(Module m, Activity activity) {
    return new Module(m.deviceId(), m.id(), m.generationId(), m.version(), m.managedBy(), m.authentication(),
        m.modelId(), activity);
  }
}
