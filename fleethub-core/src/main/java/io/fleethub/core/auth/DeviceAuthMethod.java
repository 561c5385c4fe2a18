package io.fleethub.core.auth;

/**
 * How a device connection proved its identity. {@link #wireType()} and {@link #issuer()} are the {@code type} and
 * {@code issuer} IoT Hub writes in the {@code iothub-connection-auth-method} stamp of the device's messages:
 * {@code sas}/{@code iothub} for SAS tokens, {@code x509Certificate}/{@code external} for client certificates
 * (self-signed and CA-signed alike).
 */
public enum DeviceAuthMethod {
  /** A SAS token signed by the device's or module's own key. */
  IDENTITY_KEY("sas", "iothub"),
  /** A SAS token signed by a hub policy with DeviceConnect. */
  POLICY_KEY("sas", "iothub"),
  /** A self-signed client certificate whose thumbprint is registered. */
  X509_SELF_SIGNED("x509Certificate", "external"),
  /** A client certificate chaining to a verified CA certificate. */
  X509_CA("x509Certificate", "external");

  private final String wireType;
  private final String issuer;

  DeviceAuthMethod(String wireType, String issuer) {
    this.wireType = wireType;
    this.issuer = issuer;
  }

  public String wireType() {
    return wireType;
  }

  /** Who issued the credential: {@code iothub} for keys the hub holds, {@code external} for certificates. */
  public String issuer() {
    return issuer;
  }
}
