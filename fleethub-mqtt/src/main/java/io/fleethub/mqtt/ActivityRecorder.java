package io.fleethub.mqtt;

import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;

/**
 * Records that an identity was active, for the registry's {@code lastActivityTime}; in production
 * {@code registryStore::recordActivity}. The endpoint calls it on the device's lane of
 * {@link io.fleethub.core.concurrent.DeviceExecutors}, at most once per
 * {@link MqttSettings#activityInterval()} per connection; it may block on a store.
 */
@FunctionalInterface
public interface ActivityRecorder {
  void recordActivity(IdentityRef identity, Instant at);
}
