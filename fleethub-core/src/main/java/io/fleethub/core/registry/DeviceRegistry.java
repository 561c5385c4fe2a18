package io.fleethub.core.registry;

import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity registry's rules over a {@link RegistryStore}: ids that exist once, generated keys and generation
 * ids, etag preconditions and versions. Publishes {@link DeviceEvent.Created} and {@link DeviceEvent.Deleted} for
 * devices and modules once the store has the change. Thread-safe; every method blocks on the store.
 */
public final class DeviceRegistry {
  /** The most devices one page of {@code GET /devices} returns, as on IoT Hub. */
  public static final int MAX_PAGE_SIZE = 1000;

  private final RegistryStore store;
  private final Clock clock;
  private final KeyGenerator keys;
  private final HubEvents events;

  public DeviceRegistry(RegistryStore store, Clock clock, KeyGenerator keys, HubEvents events) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** Creates a device; {@link ErrorCode#DEVICE_ALREADY_EXISTS} when the id is taken. */
  public Device createDevice(DeviceSpec spec) {
    Instant now = clock.instant();
    Device device = new Device(spec.id(), keys.generationId(now), 1, spec.status(), spec.statusReason(), now,
        completeAuthentication(spec.authentication(), Optional.empty()), spec.iotEdge(), spec.deviceScope(),
        spec.parentScopes(), Optional.empty(), Activity.NONE);
    if (!store.insertDevice(device)) {
      throw new HubException(ErrorCode.DEVICE_ALREADY_EXISTS, "A device with ID '" + spec.id() + "' already exists.");
    }
    events.publish(new DeviceEvent.Created(IdentityRef.device(device.id()), now));
    return device;
  }

  public Device getDevice(DeviceId id) {
    return store.findDevice(id).orElseThrow(() -> deviceNotFound(id));
  }

  /**
   * Replaces a device's settings if {@code ifMatch} holds; keys left out of the spec keep their stored value.
   * {@link ErrorCode#DEVICE_NOT_FOUND} or {@link ErrorCode#PRECONDITION_FAILED} otherwise.
   */
  public Device updateDevice(DeviceSpec spec, Etag ifMatch) {
    Device current = getDevice(spec.id());
    requireMatch(ifMatch, current.version(), "device '" + spec.id() + "'");
    Instant statusUpdated = current.status() == spec.status() ? current.statusUpdatedTime() : clock.instant();
    Device updated = new Device(current.id(), current.generationId(), current.version() + 1, spec.status(),
        spec.statusReason(), statusUpdated,
        completeAuthentication(spec.authentication(), Optional.of(current.authentication())), spec.iotEdge(),
        spec.deviceScope(), spec.parentScopes(), current.modelId(), current.activity());
    if (!store.replaceDevice(updated, current.version())) {
      throw concurrentChange("device '" + spec.id() + "'");
    }
    return updated;
  }

  /** Deletes a device and its modules if {@code ifMatch} holds. */
  public void deleteDevice(DeviceId id, Etag ifMatch) {
    Device current = getDevice(id);
    requireMatch(ifMatch, current.version(), "device '" + id + "'");
    if (!store.deleteDevice(id, Optional.of(current.version()))) {
      throw concurrentChange("device '" + id + "'");
    }
    events.publish(new DeviceEvent.Deleted(IdentityRef.device(id), clock.instant()));
  }

  /** Up to {@code top} devices (at most {@link #MAX_PAGE_SIZE}) in id order. */
  public List<Device> listDevices(int top) {
    if (top < 1 || top > MAX_PAGE_SIZE) {
      throw new HubException(ErrorCode.DEVICE_INVALID_RESULT_COUNT,
          "The number of devices requested must be between 1 and " + MAX_PAGE_SIZE + ", not " + top + ".");
    }
    return store.listDevices(Optional.empty(), top);
  }

  public RegistryStatistics statistics() {
    return store.statistics();
  }

  public long connectedDeviceCount() {
    return store.connectedDeviceCount();
  }

  /** Creates a module on an existing device; {@link ErrorCode#MODULE_ALREADY_EXISTS_ON_DEVICE} when taken. */
  public Module createModule(ModuleSpec spec) {
    getDevice(spec.deviceId());
    Module module = new Module(spec.deviceId(), spec.id(), keys.generationId(clock.instant()), 1, spec.managedBy(),
        completeAuthentication(spec.authentication(), Optional.empty()), Optional.empty(), Activity.NONE);
    if (!store.insertModule(module)) {
      if (store.findDevice(spec.deviceId()).isEmpty()) {
        throw deviceNotFound(spec.deviceId());
      }
      throw new HubException(ErrorCode.MODULE_ALREADY_EXISTS_ON_DEVICE,
          "A module with ID '" + spec.id() + "' already exists on device '" + spec.deviceId() + "'.");
    }
    events.publish(new DeviceEvent.Created(module.ref(), clock.instant()));
    return module;
  }

  public Module getModule(DeviceId deviceId, ModuleId moduleId) {
    return store.findModule(deviceId, moduleId).orElseThrow(() -> moduleNotFound(deviceId, moduleId));
  }

  /** Like {@link #updateDevice}, for a module. */
  public Module updateModule(ModuleSpec spec, Etag ifMatch) {
    Module current = getModule(spec.deviceId(), spec.id());
    String what = "module '" + spec.id() + "' of device '" + spec.deviceId() + "'";
    requireMatch(ifMatch, current.version(), what);
    Module updated = new Module(current.deviceId(), current.id(), current.generationId(), current.version() + 1,
        spec.managedBy(), completeAuthentication(spec.authentication(), Optional.of(current.authentication())),
        current.modelId(), current.activity());
    if (!store.replaceModule(updated, current.version())) {
      throw concurrentChange(what);
    }
    return updated;
  }

  public void deleteModule(DeviceId deviceId, ModuleId moduleId, Etag ifMatch) {
    Module current = getModule(deviceId, moduleId);
    String what = "module '" + moduleId + "' of device '" + deviceId + "'";
    requireMatch(ifMatch, current.version(), what);
    if (!store.deleteModule(deviceId, moduleId, Optional.of(current.version()))) {
      throw concurrentChange(what);
    }
    events.publish(new DeviceEvent.Deleted(IdentityRef.module(deviceId, moduleId), clock.instant()));
  }

  /** The device's modules; {@link ErrorCode#DEVICE_NOT_FOUND} when the device does not exist. */
  public List<Module> listModules(DeviceId deviceId) {
    getDevice(deviceId);
    return store.listModules(deviceId);
  }

  /**
   * Validates the requested credentials and fills in what the registry provides: SAS keys not given are taken
   * from {@code previous} when it had SAS keys, and generated otherwise.
   */
  private Authentication completeAuthentication(Authentication requested, Optional<Authentication> previous) {
    switch (requested.type()) {
      case SAS -> {
        SymmetricKey given = requested.symmetricKey();
        Optional<SymmetricKey> kept = previous
            .filter(p -> p.type() == AuthenticationType.SAS)
            .map(Authentication::symmetricKey);
        String primary = given.primaryKey()
            .or(() -> kept.flatMap(SymmetricKey::primaryKey))
            .orElseGet(keys::newKey);
        String secondary = given.secondaryKey()
            .or(() -> kept.flatMap(SymmetricKey::secondaryKey))
            .orElseGet(keys::newKey);
        return Authentication.sas(primary, secondary);
      }
      case SELF_SIGNED -> {
        if (requested.x509Thumbprint().primaryThumbprint().isEmpty()
            && requested.x509Thumbprint().secondaryThumbprint().isEmpty()) {
          throw new HubException(ErrorCode.ARGUMENT_INVALID,
              "Authentication of type selfSigned needs a primary or secondary thumbprint.");
        }
        return new Authentication(AuthenticationType.SELF_SIGNED, SymmetricKey.GENERATE, requested.x509Thumbprint());
      }
      case CERTIFICATE_AUTHORITY -> {
        return Authentication.certificateAuthority();
      }
      case NONE -> {
        return Authentication.none();
      }
      default -> throw new IllegalStateException("unknown authentication type " + requested.type());
    }
  }

  private static void requireMatch(Etag ifMatch, long version, String what) {
    if (!ifMatch.matchesVersion(version)) {
      throw new HubException(ErrorCode.PRECONDITION_FAILED,
          "The etag " + ifMatch.quoted() + " does not match the current etag of " + what + ".");
    }
  }

  private static HubException concurrentChange(String what) {
    return new HubException(ErrorCode.PRECONDITION_FAILED, "The " + what + " was changed or deleted concurrently.");
  }

  private static HubException deviceNotFound(DeviceId id) {
    return new HubException(ErrorCode.DEVICE_NOT_FOUND, "Device '" + id + "' is not registered.");
  }

  private static HubException moduleNotFound(DeviceId deviceId, ModuleId moduleId) {
    return new HubException(ErrorCode.MODULE_NOT_FOUND,
        "Module '" + moduleId + "' is not registered on device '" + deviceId + "'.");
  }
}
