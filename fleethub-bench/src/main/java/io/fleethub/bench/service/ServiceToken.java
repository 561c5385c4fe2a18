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
  private final String hostName;
  private final String policyName;
  private final String policyKey;
  private final Clock clock;
  private final Duration lifetime;
  private volatile Signed current;

  private record Signed(String token, Instant renewAfter) {}

  /** @param lifetime how long each token is valid, at least a minute */
  public ServiceToken(HubAddress hub, Clock clock, Duration lifetime) {
    this(hub.hostName(), hub.policyName(), hub.policyKey(), clock, lifetime);
  }

  /**
   * @param hostName the hub's host name, which the tokens are scoped to
   * @param policyName the shared access policy the tokens are signed with
   * @param policyKey that policy's key, base64
   * @param lifetime how long each token is valid, at least a minute
   */
  public ServiceToken(String hostName, String policyName, String policyKey, Clock clock, Duration lifetime) {
    this.hostName = Objects.requireNonNull(hostName, "hostName");
    this.policyName = Objects.requireNonNull(policyName, "policyName");
    this.policyKey = Objects.requireNonNull(policyKey, "policyKey");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("a service token lives at least a minute, not " + lifetime);
    }
  }

  /** The host name the tokens are scoped to, which is also the audience of a CBS put-token. */
  public String audience() {
    return hostName;
  }

  /** The shared access policy the tokens are signed with, e.g. {@code iothubowner}. */
  public String policyName() {
    return policyName;
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
      signed = new Signed(SasToken.sign(hostName, policyKey, now.plus(lifetime), Optional.of(policyName)).toString(),
          now.plus(lifetime.dividedBy(2)));
      current = signed;
    }
    return signed.token();
  }
}
