package io.fleethub.core;

import java.util.Locale;
import java.util.Objects;

/**
 * How clients address the hub. The host name must contain a dot (the Azure SDKs take the hub name from the text
 * before the first dot) and is what SAS tokens are scoped to.
 */
public record HubIdentity(String hostName, String hubName) {
  public HubIdentity {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(hubName, "hubName");
    if (!hostName.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
      throw new IllegalArgumentException("hostname '" + hostName
          + "' must be a dotted DNS name such as 'myhub.localdomain' (the Azure SDKs reject names without a dot)");
    }
    if (!hubName.matches("[A-Za-z0-9-]{3,50}")) {
      throw new IllegalArgumentException(
          "hub name '" + hubName + "' must be 3 to 50 letters, digits or hyphens, as IoT Hub names are");
    }
    hostName = hostName.toLowerCase(Locale.ROOT);
  }
}
