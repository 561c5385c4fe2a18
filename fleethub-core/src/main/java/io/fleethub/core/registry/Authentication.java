package io.fleethub.core.registry;

import java.util.Objects;

/** An identity's credentials: its type, and the keys or thumbprints that type uses. */
public record Authentication(AuthenticationType type, SymmetricKey symmetricKey, X509Thumbprint x509Thumbprint) {
  public Authentication {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(symmetricKey, "symmetricKey");
    Objects.requireNonNull(x509Thumbprint, "x509Thumbprint");
  }

  /** SAS authentication whose keys the registry generates. */
  public static Authentication generatedSas() {
    return new Authentication(AuthenticationType.SAS, SymmetricKey.GENERATE, X509Thumbprint.NONE);
  }

  public static Authentication sas(String primaryKey, String secondaryKey) {
    return new Authentication(AuthenticationType.SAS, SymmetricKey.of(primaryKey, secondaryKey), X509Thumbprint.NONE);
  }

  public static Authentication selfSigned(String primaryThumbprint, String secondaryThumbprint) {
    return new Authentication(
        AuthenticationType.SELF_SIGNED, SymmetricKey.GENERATE, X509Thumbprint.of(primaryThumbprint, secondaryThumbprint));
  }

  public static Authentication certificateAuthority() {
    return new Authentication(AuthenticationType.CERTIFICATE_AUTHORITY, SymmetricKey.GENERATE, X509Thumbprint.NONE);
  }

  public static Authentication none() {
    return new Authentication(AuthenticationType.NONE, SymmetricKey.GENERATE, X509Thumbprint.NONE);
  }
}
