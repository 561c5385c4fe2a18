package io.fleethub.transport.http.device;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.RegistryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records authenticated device API requests as the identity's {@code lastActivityTime}, at most once per
 * {@link #INTERVAL} per identity, as the MQTT endpoint does per connection. HTTPS devices hold no connection, so they
 * never show as connected; their activity is what the registry can say about them.
 *
 * <p>Thread-safe. {@link #record} writes to the store and may block: call it off the event loop. Two requests racing
 * may both write, which is harmless. One entry is kept per identity that has made a request.
 */
final class RequestActivity {
  /** The least time between two writes for one identity. */
  static final Duration INTERVAL = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(RequestActivity.class);

  private final RegistryStore registry;
  private final Clock clock;
  private final Map<IdentityRef, Instant> lastRecorded = new ConcurrentHashMap<>();

  RequestActivity(RegistryStore registry, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records a request of {@code identity} unless one was recorded less than {@link #INTERVAL} ago; never throws. */
  void record(IdentityRef identity) {
    Instant now = clock.instant();
    Instant previous = lastRecorded.get(identity);
    if (previous != null && now.isBefore(previous.plus(INTERVAL))) {
      return;
    }
    lastRecorded.put(identity, now);
    try {
      registry.recordActivity(identity, now);
    } catch (RuntimeException e) {
      log.warn("Could not record the activity of {}", identity, e);
    }
  }
}
