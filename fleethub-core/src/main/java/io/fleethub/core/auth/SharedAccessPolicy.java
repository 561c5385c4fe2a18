package io.fleethub.core.auth;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A named hub-level key pair with the rights that tokens signed by it carry. */
public record SharedAccessPolicy(String keyName, String primaryKey, String secondaryKey, Set<AccessRight> rights) {
  /** The five policies every IoT hub starts with, in IoT Hub's order. */
  public static final List<String> STANDARD_NAMES =
      List.of("iothubowner", "service", "device", "registryRead", "registryReadWrite");

  public SharedAccessPolicy {
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(primaryKey, "primaryKey");
    Objects.requireNonNull(secondaryKey, "secondaryKey");
    rights = rights.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(rights));
  }

  public boolean grants(AccessRight right) {
    return rights.contains(right);
  }

  /** The rights IoT Hub gives each standard policy. */
  public static Set<AccessRight> standardRights(String keyName) {
    return switch (keyName) {
      case "iothubowner" -> EnumSet.allOf(AccessRight.class);
      case "service" -> EnumSet.of(AccessRight.SERVICE_CONNECT);
      case "device" -> EnumSet.of(AccessRight.DEVICE_CONNECT);
      case "registryRead" -> EnumSet.of(AccessRight.REGISTRY_READ);
      case "registryReadWrite" -> EnumSet.of(AccessRight.REGISTRY_READ, AccessRight.REGISTRY_WRITE);
      default -> throw new IllegalArgumentException("'" + keyName + "' is not a standard policy");
    };
  }

  /** The standard policies with freshly generated keys. */
  public static List<SharedAccessPolicy> generateStandard(KeyGenerator keys) {
    return STANDARD_NAMES.stream()
        .map(name -> new SharedAccessPolicy(name, keys.newKey(), keys.newKey(), standardRights(name)))
        .toList();
  }
}
