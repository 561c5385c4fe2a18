package io.fleethub.amqp;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.auth.ServicePrincipal;
import java.time.Instant;
import java.util.Objects;

/**
 * How a connection authenticated at the SASL layer. Whatever the login, what a connection may do is decided per
 * link by the claims it holds ({@link CbsGrants}); a PLAIN policy login simply brings a claim for the whole hub.
 */
sealed interface SaslLogin {
  /** ANONYMOUS: the client will authenticate with CBS tokens, as the Azure SDKs do. */
  record Anonymous() implements SaslLogin {}

  /**
   * The client skipped SASL, as the Event Hubs SDKs do, and as Azure's X.509 device clients do, which present
   * a TLS client certificate instead.
   */
  record Skipped() implements SaslLogin {}

  /** PLAIN as {@code {policy}@sas.root.{hubName}} with a SAS token of that policy as the password. */
  record SharedAccessPolicy(ServicePrincipal principal, Instant validUntil) implements SaslLogin {
    public SharedAccessPolicy {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(validUntil, "validUntil");
    }
  }

  /** PLAIN as {@code {deviceId}[/modules/{moduleId}]@sas.{hubName}} with a token of that identity as the password. */
  record Device(DevicePrincipal principal, Instant validUntil) implements SaslLogin {
    public Device {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(validUntil, "validUntil");
    }
  }
}
