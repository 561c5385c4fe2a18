package io.fleethub.amqp;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device link's address: {@code /devices/{id}[/modules/{mid}]/} followed by {@code messages/events} (telemetry),
 * {@code messages/devicebound} (cloud-to-device), {@code twin} or {@code methods/devicebound}. The literal parts
 * match in any case and surrounding slashes are optional; ids are taken as written (case-sensitive).
 */
record DeviceAddress(IdentityRef identity, Kind kind) {
  /** What a device link carries. */
  enum Kind {
    TELEMETRY("messages/events"),
    CLOUD_TO_DEVICE("messages/devicebound"),
    TWIN("twin"),
    METHODS("methods/devicebound");

    private final String path;

    Kind(String path) {
      this.path = path;
    }
  }

  private static final Pattern ADDRESS = Pattern.compile(
      "/*(?i:devices)/([^/]+)(?:/(?i:modules)/([^/]+))?/((?i:messages/events|messages/devicebound|twin"
          + "|methods/devicebound))/*");

  DeviceAddress {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(kind, "kind");
  }

  /** The device link {@code address} names; empty for any other address (or none). */
  static Optional<DeviceAddress> parse(String address) {
    if (address == null) {
      return Optional.empty();
    }
    Matcher matcher = ADDRESS.matcher(address);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    DeviceId deviceId;
    Optional<ModuleId> moduleId;
    try {
      deviceId = DeviceId.of(matcher.group(1));
      moduleId = Optional.ofNullable(matcher.group(2)).map(ModuleId::of);
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
    Kind kind = null;
    for (Kind candidate : Kind.values()) {
      if (candidate.path.equalsIgnoreCase(matcher.group(3))) {
        kind = candidate;
      }
    }
    return Optional.of(new DeviceAddress(new IdentityRef(deviceId, moduleId), kind));
  }

  /** The canonical entity path of an identity, {@code devices/{id}[/modules/{mid}]}: the scope of its claims. */
  static String scopeOf(IdentityRef identity) {
    return "devices/" + identity.deviceId().value()
        + identity.moduleId().map(module -> "/modules/" + module.value()).orElse("");
  }

  /** The address as the hub writes it back, e.g. {@code /devices/d1/messages/events}. */
  @Override
  public String toString() {
    return "/" + scopeOf(identity) + "/" + kind.path;
  }
}
