package io.fleethub.core.methods;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.RegistryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers whether a method call's target is registered, from memory for an identity the registry showed within
 * {@link #TIME_TO_LIVE}, so that a back end calling the same devices again and again does not read the registry on
 * every call. {@link #deleted} forgets an identity (a device with its modules) at once; an identity deleted
 * without it (by another process sharing the store) is seen within {@link #TIME_TO_LIVE}. Holds at most
 * {@link #MAX_ENTRIES}; when full it starts over empty. Thread-safe.
 */
final class RegisteredIdentities {
  /** How long a look-up that found an identity is trusted. */
  static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);
  /** Identities remembered at most. */
  static final int MAX_ENTRIES = 100_000;

  private final RegistryStore registry;
  private final Clock clock;
  private final ConcurrentHashMap<IdentityRef, Instant> foundUntil = new ConcurrentHashMap<>();
  /** Counts {@link #deleted} calls, so that a look-up overtaken by a deletion is not remembered. */
  private final AtomicLong deletions = new AtomicLong();

  RegisteredIdentities(RegistryStore registry, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns when {@code target} is registered; throws {@link HubException} with
   * {@link ErrorCode#DEVICE_NOT_FOUND} or {@link ErrorCode#MODULE_NOT_FOUND} when not. Blocks on the registry
   * store unless the identity was found within {@link #TIME_TO_LIVE}.
   */
  void require(IdentityRef target) {
    Objects.requireNonNull(target, "target");
    Instant now = clock.instant();
    Instant until = foundUntil.get(target);
    if (until != null && now.isBefore(until)) {
      return;
    }
    long deletionsBefore = deletions.get();
    lookUp(target);
    if (foundUntil.size() >= MAX_ENTRIES) {
      foundUntil.clear();
    }
    Instant expiry = now.plus(TIME_TO_LIVE);
    foundUntil.put(target, expiry);
    if (deletions.get() != deletionsBefore) {
      foundUntil.remove(target, expiry);
    }
  }

  /** Forgets {@code identity}, and for a device its modules too; the next call looks it up again. */
  void deleted(IdentityRef identity) {
    deletions.incrementAndGet();
    if (identity.isModule()) {
      foundUntil.remove(identity);
    } else {
      foundUntil.keySet().removeIf(known -> known.deviceId().equals(identity.deviceId()));
    }
  }

  private void lookUp(IdentityRef target) {
    if (registry.findDevice(target.deviceId()).isEmpty()) {
      throw new HubException(ErrorCode.DEVICE_NOT_FOUND, "Device '" + target.deviceId() + "' is not registered.");
    }
    if (target.moduleId().isPresent() && registry.findModule(target.deviceId(), target.moduleId().get()).isEmpty()) {
      throw new HubException(ErrorCode.MODULE_NOT_FOUND, "Module '" + target.moduleId().get()
          + "' is not registered on device '" + target.deviceId() + "'.");
    }
  }
}
