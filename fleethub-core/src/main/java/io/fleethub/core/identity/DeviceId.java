package io.fleethub.core.identity;

/** A device id, valid by IoT Hub's rules; case-sensitive. */
public record DeviceId(String value) implements Comparable<DeviceId> {
  public DeviceId {
    IdentifierRules.require("deviceId", value);
  }

  public static DeviceId of(String value) {
    return new DeviceId(value);
  }

  @Override
  public int compareTo(DeviceId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
