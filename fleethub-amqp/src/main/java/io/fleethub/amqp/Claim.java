package io.fleethub.amqp;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.auth.ServicePrincipal;
import java.util.Objects;

/**
 * Who a verified credential speaks for, as a connection's {@link CbsGrants} hold it: back ends hold service claims
 * (a policy token with ServiceConnect), devices and modules hold device claims (their own token put on
 * {@code $cbs}, a SASL PLAIN device login, or their TLS client certificate). A service claim never opens a device
 * link and a device claim never opens a service link, whatever their scopes.
 */
sealed interface Claim {
  /** How the claim is named in log lines and refusals. */
  String describe();

  /** A token signed with a shared access policy's key. */
  record Service(ServicePrincipal principal) implements Claim {
    public Service {
      Objects.requireNonNull(principal, "principal");
    }

    @Override
    public String describe() {
      return "policy '" + principal.policyName() + "'";
    }
  }

  /** A device or module authenticated by a token, a SASL PLAIN login or its client certificate. */
  record Device(DevicePrincipal principal) implements Claim {
    public Device {
      Objects.requireNonNull(principal, "principal");
    }

    @Override
    public String describe() {
      return (principal.identity().isModule() ? "module '" : "device '") + principal.identity() + "'";
    }
  }
}
