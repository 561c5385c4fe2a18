package io.fleethub.core.identity;

/** A module id, valid by IoT Hub's rules; case-sensitive and unique within its device. */
public record ModuleId(String value) implements Comparable<ModuleId> {
  public ModuleId {
    IdentifierRules.require("moduleId", value);
  }

  public static ModuleId of(String value) {
    return new ModuleId(value);
  }

  @Override
  public int compareTo(ModuleId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
