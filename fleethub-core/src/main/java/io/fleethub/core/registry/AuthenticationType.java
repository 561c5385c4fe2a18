package io.fleethub.core.registry;

/** How a device or module proves who it is. */
public enum AuthenticationType {
  /** Shared access signature tokens signed with the identity's symmetric keys. */
  SAS("sas"),
  /** A self-signed X.509 certificate whose thumbprint is registered. */
  SELF_SIGNED("selfSigned"),
  /** An X.509 certificate that chains to a CA certificate registered with the hub. */
  CERTIFICATE_AUTHORITY("certificateAuthority"),
  /** No credentials of its own (for example a module authenticated through its device). */
  NONE("none");

  private final String wireName;

  AuthenticationType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses IoT Hub's name, ignoring case; throws {@link IllegalArgumentException} for anything else. */
  public static AuthenticationType fromWireName(String name) {
    for (AuthenticationType type : values()) {
      if (type.wireName.equalsIgnoreCase(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "authentication type must be one of sas, selfSigned, certificateAuthority, none; not '" + name + "'");
  }
}
