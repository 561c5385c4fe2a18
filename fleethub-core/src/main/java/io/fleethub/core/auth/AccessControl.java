package io.fleethub.core.auth;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a presented SAS token lets a back end do something: the token must parse, name a policy, be
 * signed by one of its keys, be unexpired and cover the hub's host name, and the policy must grant the right.
 * A token that passed is remembered for up to {@link VerifiedServiceTokens#TIME_TO_LIVE} (never past its expiry),
 * so its next uses skip the policy read and the signature check; a policy's keys or rights changed in the store
 * apply to such a token within that time. Thread-safe.
 */
public final class AccessControl {
  private final PolicyStore policies;
  private final Clock clock;
  private final String hostName;
  private final VerifiedServiceTokens verified = new VerifiedServiceTokens();

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
    return requireRight(authenticateService(token), required);
  }

  /**
   * Authorizes a service token presented for one entity of the hub, as AMQP clients present tokens over CBS
   * (for example {@code myhub/ConsumerGroups/$Default/Partitions/0}, or {@code ""} for the hub itself). The token
   * may be scoped to the hub's host name or to a path on it, and may write that scope as a URI the way the Event
   * Hubs SDKs do ({@code amqp://{host}/{entity}}, {@code sb://{host}/}); without its scheme, the scope must cover
   * {@code {host}/{entityPath}}. The token may be signed with the key's base64-decoded bytes, as IoT Hub's SDKs
   * sign, or with the key's text, as the Event Hubs SDKs sign. Errors as for
   * {@link #authorizeService(String, AccessRight)}.
   */
  public ServicePrincipal authorizeService(String token, AccessRight required, String entityPath) {
    Objects.requireNonNull(entityPath, "entityPath");
    String path = entityPath.startsWith("/") ? entityPath.substring(1) : entityPath;
    return requireRight(authenticate(token, path.isEmpty() ? hostName : hostName + "/" + path, true), required);
  }

  /** Authenticates a service token without checking rights; see {@link #authorizeService}. */
  public ServicePrincipal authenticateService(String token) {
    return authenticate(token, hostName, false);
  }

  private ServicePrincipal authenticate(String token, String target, boolean entityForm) {
    if (token == null || token.isBlank()) {
      throw unauthorized("The request has no SharedAccessSignature in its Authorization header.");
    }
    Instant now = clock.instant();
    Optional<ServicePrincipal> known = verified.find(token, target, entityForm, now);
    if (known.isPresent()) {
      return known.get();
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
    List<String> keys = List.of(policy.primaryKey(), policy.secondaryKey());
    if (!sas.isSignedByAnyOf(keys) && !(entityForm && sas.isSignedWithKeyTextByAnyOf(keys))) {
      throw unauthorized("The token's signature does not match the keys of policy '" + keyName + "'.");
    }
    if (sas.isExpired(now)) {
      throw unauthorized("The token expired at " + sas.expiry() + ".");
    }
    if (!sas.covers((entityForm ? schemeOf(sas.resource()) : "") + target)) {
      throw unauthorized("The token is for '" + sas.resource() + "', not for "
          + (target.equals(hostName) ? "this hub '" + hostName + "'." : "'" + target + "' on this hub."));
    }
    ServicePrincipal principal = new ServicePrincipal(policy.keyName(), policy.rights());
    verified.remember(token, target, entityForm, sas, principal, now);
    return principal;
  }

  private static ServicePrincipal requireRight(ServicePrincipal principal, AccessRight required) {
    if (!principal.rights().contains(required)) {
      throw new HubException(ErrorCode.FORBIDDEN, "The policy '" + principal.policyName()
          + "' does not grant " + required.wireName() + ", which this operation needs.");
    }
    return principal;
  }

  /** The {@code scheme://} a scope starts with, or "" when it names a host directly. */
  private static String schemeOf(String scope) {
    int end = scope.indexOf("://");
    return end > 0 && scope.substring(0, end).matches("[A-Za-z][A-Za-z0-9+.-]*") ? scope.substring(0, end + 3) : "";
  }

  private static HubException unauthorized(String message) {
    return new HubException(ErrorCode.IOT_HUB_UNAUTHORIZED_ACCESS, message);
  }
}
