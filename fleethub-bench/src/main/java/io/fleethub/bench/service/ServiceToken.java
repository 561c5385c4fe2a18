package io.fleethub.bench.service;

import io.fleethub.bench.target.HubAddress;
import io.fleethub.core.auth.SasToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * SAS tokens for the whole hub ({@code sr} = its host name), signed with the hub's shared access policy, as a back
 * end presents them. A token is reused until half its lifetime has passed, then a new one is signed. Thread-safe.
 */
public final class ServiceToken {
  private final HubAddress hub;
  private final Clock clock;
  private final Duration lifetime;
  private volatile Signed current;

  private record Signed(String token, Instant renewAfter) {}

  /** @param lifetime how long each token is valid, at least a minute */
  public ServiceToken(HubAddress hub, Clock clock, Duration lifetime) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("a service token lives at least a minute, not " + lifetime);
    }
  }

  /** The host name the tokens are scoped to, which is also the audience of a CBS put-token. */
  public String audience() {
    return hub.hostName();
  }

  /** How long each token is valid from when it is signed. */
  public Duration lifetime() {
    return lifetime;
  }

  /** A token valid for at least half the lifetime from now. */
  public String current() {
    Signed signed = current;
    Instant now = clock.instant();
    if (signed == null || !now.isBefore(signed.renewAfter())) {
      signed = new Signed(SasToken.sign(hub.hostName(), hub.policyKey(), now.plus(lifetime),
          Optional.of(hub.policyName())).toString(), now.plus(lifetime.dividedBy(2)));
      current = signed;
    }
    return signed.token();
  }
}
