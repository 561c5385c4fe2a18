package io.fleethub.core.auth;

/** The permissions a shared access policy grants, with IoT Hub's names. */
public enum AccessRight {
  REGISTRY_READ("RegistryRead"),
  REGISTRY_WRITE("RegistryWrite"),
  SERVICE_CONNECT("ServiceConnect"),
  DEVICE_CONNECT("DeviceConnect");

  private final String wireName;

  AccessRight(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static AccessRight fromWireName(String name) {
    for (AccessRight right : values()) {
      if (right.wireName.equalsIgnoreCase(name.trim())) {
        return right;
      }
    }
    throw new IllegalArgumentException(
        "access right must be one of RegistryRead, RegistryWrite, ServiceConnect, DeviceConnect; not '" + name + "'");
  }
}
