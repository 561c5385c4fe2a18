package io.fleethub.amqp;

import io.fleethub.core.auth.ServicePrincipal;
import java.util.Objects;

/**
 * Who a verified token speaks for, as a connection's {@link CbsGrants} hold it. Back ends hold service claims;
 * device claims (a device or module token put on {@code $cbs}, or a device's SASL or X.509 login) join them with
 * device links.
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
}
