package io.fleethub.amqp;

import java.nio.charset.StandardCharsets;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SASL PLAIN response ({@code authzid NUL authcid NUL passwd}, RFC 4616) as IoT Hub reads it: the user name is
 * {@code {policyName}@sas.root.{hubName}} for a hub-level token, or {@code {deviceId}@sas.{hubName}} for a
 * device-scoped one; in both cases the password is the SAS token (IoT Hub's developer guide on security tokens).
 * The Java service SDK writes {@code @SAS.root.}, so the marker is matched ignoring case.
 */
record PlainCredentials(String userName, String password) {
  private static final Pattern POLICY_USER = Pattern.compile("(.+)@sas\\.root\\.([^@]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DEVICE_USER = Pattern.compile("(.+)@sas\\.([^@]+)", Pattern.CASE_INSENSITIVE);

  /** A policy login's parts. */
  record PolicyUser(String policyName, String hubName) {}

  /** Parses the response; empty when it does not have the three NUL-separated fields. */
  static Optional<PlainCredentials> parse(byte[] response) {
    String[] fields = new String(response, StandardCharsets.UTF_8).split("\0", -1);
    if (fields.length != 3 || fields[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PlainCredentials(fields[1], fields[2]));
  }

  /** The policy and hub a {@code {policy}@sas.root.{hub}} user name names. */
  Optional<PolicyUser> policyUser() {
    Matcher matcher = POLICY_USER.matcher(userName);
    return matcher.matches() ? Optional.of(new PolicyUser(matcher.group(1), matcher.group(2))) : Optional.empty();
  }

  /** A device login's parts. */
  record DeviceUser(IdentityRef identity, String hubName) {}

  /**
   * The identity and hub a {@code {deviceId}@sas.{hub}} user name names, or for a module
   * {@code {deviceId}/modules/{moduleId}@sas.{hub}} (also {@code {deviceId}/{moduleId}@sas.{hub}}); empty for a
   * policy login or an id IoT Hub would not accept.
   */
  Optional<DeviceUser> deviceUser() {
    Matcher matcher = DEVICE_USER.matcher(userName);
    if (policyUser().isPresent() || !matcher.matches()) {
      return Optional.empty();
    }
    String[] parts = matcher.group(1).split("/", -1);
    try {
      IdentityRef identity = switch (parts.length) {
        case 1 -> IdentityRef.device(DeviceId.of(parts[0]));
        case 2 -> IdentityRef.module(DeviceId.of(parts[0]), ModuleId.of(parts[1]));
        case 3 -> {
          if (!parts[1].equalsIgnoreCase("modules")) {
            yield null;
          }
          yield IdentityRef.module(DeviceId.of(parts[0]), ModuleId.of(parts[2]));
        }
        default -> null;
      };
      return Optional.ofNullable(identity).map(id -> new DeviceUser(id, matcher.group(2)));
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "PlainCredentials[userName=" + userName + ", password=(" + password.length() + " characters)]";
  }
}
