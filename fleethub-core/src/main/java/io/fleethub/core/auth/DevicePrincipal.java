package io.fleethub.core.auth;

import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated device or module connection.
 *
 * @param generationId the generation of the identity that authenticated, stamped on its messages
 * @param credentialExpiry when a token-authenticated connection must end; empty for certificates
 */
public record DevicePrincipal(
    IdentityRef identity, String generationId, DeviceAuthMethod method, Optional<Instant> credentialExpiry) {

  public DevicePrincipal {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(credentialExpiry, "credentialExpiry");
  }

  /**
   * The JSON IoT Hub stamps as {@code iothub-connection-auth-method}, e.g.
   * {@code {"scope":"device","type":"sas","issuer":"iothub","acceptingIpFilterRule":null}}, or
   * {@code {"scope":"device","type":"x509Certificate","issuer":"external","acceptingIpFilterRule":null}} for a
   * client certificate. The scope is {@code hub} for a policy token, otherwise {@code device} or {@code module}.
   */
  public String authMethodStamp() {
    String scope = method == DeviceAuthMethod.POLICY_KEY ? "hub" : (identity.isModule() ? "module" : "device");
    return "{\"scope\":\"" + scope + "\",\"type\":\"" + method.wireType()
        + "\",\"issuer\":\"" + method.issuer() + "\",\"acceptingIpFilterRule\":null}";
  }
}
