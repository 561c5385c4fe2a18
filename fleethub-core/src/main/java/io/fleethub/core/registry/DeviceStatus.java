package io.fleethub.core.registry;

/** Whether a device or module may connect. IoT Hub writes these in lower case. */
public enum DeviceStatus {
  ENABLED("enabled"),
  DISABLED("disabled");

  private final String wireName;

  DeviceStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses IoT Hub's name, ignoring case; throws {@link IllegalArgumentException} for anything else. */
  public static DeviceStatus fromWireName(String name) {
    for (DeviceStatus status : values()) {
      if (status.wireName.equalsIgnoreCase(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException("status must be 'enabled' or 'disabled', not '" + name + "'");
  }
}
