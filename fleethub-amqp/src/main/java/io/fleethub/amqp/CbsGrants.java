package io.fleethub.amqp;

import io.fleethub.core.identity.IdentityRef;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The claims one connection holds: a token put on its {@code $cbs} node, the token of a SASL PLAIN login, or a
 * device's client certificate, each for a scope (a canonical entity path, see {@link EntityPaths}) and valid until an instant of the
 * hub's clock. A new token for the same scope replaces the old one, which is how clients renew. When a grant's
 * time is up it is dropped and {@code expired} is told, so the connection can end what only that grant allowed.
 *
 * <p>Confined to the connection's context: call it there; expiry timers fire there.
 */
final class CbsGrants {
  /** A verified claim for a scope; {@code scope} "" stands for the whole hub. */
  record Grant(String scope, Claim claim, Instant validUntil) {
    Grant {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(claim, "claim");
      Objects.requireNonNull(validUntil, "validUntil");
    }

    boolean covers(String entityPath) {
      return EntityPaths.covers(scope, entityPath);
    }
  }

  private final Vertx vertx;
  private final Clock clock;
  private final Duration checkInterval;
  private final Consumer<Grant> expired;
  private final Map<String, Grant> grants = new HashMap<>();
  private final Map<String, Long> timers = new HashMap<>();
  private boolean cleared;

  CbsGrants(Vertx vertx, Clock clock, Duration checkInterval, Consumer<Grant> expired) {
    this.vertx = vertx;
    this.clock = clock;
    this.checkInterval = checkInterval;
    this.expired = expired;
  }

  /** Holds {@code grant}, replacing any grant for the same scope, until its time is up; ignored after clear. */
  void put(Grant grant) {
    if (cleared) {
      return;
    }
    String key = grant.scope().toLowerCase(Locale.ROOT);
    cancelTimer(key);
    grants.put(key, grant);
    arm(key, grant);
  }

  /** The live service grant that reaches {@code entityPath} for the longest, if any; device claims never do. */
  Optional<Grant> covering(String entityPath) {
    Instant now = clock.instant();
    return grants.values().stream()
        .filter(grant -> grant.claim() instanceof Claim.Service)
        .filter(grant -> grant.covers(entityPath) && now.isBefore(grant.validUntil()))
        .max(Comparator.comparing(Grant::validUntil));
  }

  /**
   * The live device claim of exactly {@code identity}, if the connection holds one: a device's claim does not
   * reach its modules, nor a module's its device.
   */
  Optional<Claim.Device> deviceClaim(IdentityRef identity) {
    Instant now = clock.instant();
    return grants.values().stream()
        .filter(grant -> now.isBefore(grant.validUntil()))
        .map(Grant::claim)
        .filter(claim -> claim instanceof Claim.Device device && device.principal().identity().equals(identity))
        .map(Claim.Device.class::cast)
        .findFirst();
  }

  /** Drops every grant and timer for good; nothing is reported as expired. */
  void clear() {
    cleared = true;
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
    grants.clear();
  }

  private void arm(String key, Grant grant) {
    Duration remaining = Duration.between(clock.instant(), grant.validUntil());
    long delay = Math.max(1, Math.min(remaining.toMillis(), checkInterval.toMillis()));
    timers.put(key, vertx.setTimer(delay, id -> {
      timers.remove(key);
      if (grants.get(key) != grant) {
        return;
      }
      if (clock.instant().isBefore(grant.validUntil())) {
        arm(key, grant);
      } else {
        grants.remove(key);
        expired.accept(grant);
      }
    }));
  }

  private void cancelTimer(String key) {
    Long timer = timers.remove(key);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
