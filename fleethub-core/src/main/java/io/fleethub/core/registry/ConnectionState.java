package io.fleethub.core.registry;

/** Whether a device or module holds a connection to the hub now. */
public enum ConnectionState {
  CONNECTED("Connected"),
  DISCONNECTED("Disconnected");

  private final String wireName;

  ConnectionState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ConnectionState fromWireName(String name) {
    for (ConnectionState state : values()) {
      if (state.wireName.equalsIgnoreCase(name)) {
        return state;
      }
    }
    throw new IllegalArgumentException("connectionState must be 'Connected' or 'Disconnected', not '" + name + "'");
  }
}
