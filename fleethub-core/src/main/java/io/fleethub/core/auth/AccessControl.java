package io.fleethub.core.auth;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a presented SAS token lets a back end do something: the token must parse, name a policy, be
 * signed by one of its keys, be unexpired and cover the hub's host name, and the policy must grant the right.
 * Thread-safe.
 */
public final class AccessControl {
  private final PolicyStore policies;
  private final Clock clock;
  private final String hostName;

  public AccessControl(PolicyStore policies, Clock clock, String hostName) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hostName = Objects.requireNonNull(hostName, "hostName");
  }

  /**
   * Authenticates a service token and checks it grants {@code required}. Throws {@link HubException} with
   * {@link ErrorCode#IOT_HUB_UNAUTHORIZED_ACCESS} (401) when the token is missing, malformed, expired, badly
   * signed or for another hub, and {@link ErrorCode#FORBIDDEN} (403) when its policy lacks the right.
   */
  public ServicePrincipal authorizeService(String token, AccessRight required) {
    ServicePrincipal principal = authenticateService(token);
    if (!principal.rights().contains(required)) {
      throw new HubException(ErrorCode.FORBIDDEN, "The policy '" + principal.policyName()
          + "' does not grant " + required.wireName() + ", which this operation needs.");
    }
    return principal;
  }

  /** Authenticates a service token without checking rights; see {@link #authorizeService}. */
  public ServicePrincipal authenticateService(String token) {
    if (token == null || token.isBlank()) {
      throw unauthorized("The request has no SharedAccessSignature in its Authorization header.");
    }
    SasToken sas;
    try {
      sas = SasToken.parse(token.trim());
    } catch (SasTokenException e) {
      throw unauthorized("Malformed SharedAccessSignature: " + e.getMessage() + ".");
    }
    String keyName = sas.keyName()
        .orElseThrow(() -> unauthorized("The token names no shared access policy (skn); service operations need one."));
    SharedAccessPolicy policy = policies.findPolicy(keyName)
        .orElseThrow(() -> unauthorized("The shared access policy '" + keyName + "' does not exist."));
    if (!sas.isSignedByAnyOf(List.of(policy.primaryKey(), policy.secondaryKey()))) {
      throw unauthorized("The token's signature does not match the keys of policy '" + keyName + "'.");
    }
    if (sas.isExpired(clock.instant())) {
      throw unauthorized("The token expired at " + sas.expiry() + ".");
    }
    if (!sas.covers(hostName)) {
      throw unauthorized("The token is for '" + sas.resource() + "', not for this hub '" + hostName + "'.");
    }
    return new ServicePrincipal(policy.keyName(), policy.rights());
  }

  private static HubException unauthorized(String message) {
    return new HubException(ErrorCode.IOT_HUB_UNAUTHORIZED_ACCESS, message);
  }
}
