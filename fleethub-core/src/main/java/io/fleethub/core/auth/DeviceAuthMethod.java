package io.fleethub.core.auth;

/**
 * How a device connection proved its identity. {@link #wireType()} is the {@code type} IoT Hub writes in the
 * {@code iothub-connection-auth-method} stamp of the device's messages.
 */
public enum DeviceAuthMethod {
  /** A SAS token signed by the device's or module's own key. */
  IDENTITY_KEY("sas"),
  /** A SAS token signed by a hub policy with DeviceConnect. */
  POLICY_KEY("sas"),
  /** A self-signed client certificate whose thumbprint is registered. */
  X509_SELF_SIGNED("selfSigned"),
  /** A client certificate chaining to a verified CA certificate. */
  X509_CA("x509Certificate");

  private final String wireType;

  DeviceAuthMethod(String wireType) {
    this.wireType = wireType;
  }

  public String wireType() {
    return wireType;
  }
}
