package io.fleethub.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * IoT Hub connection strings: {@code Key=value} pairs separated by {@code ;}, keys matched ignoring case, as the
 * Azure SDKs read them. Values may contain {@code =} (base64 padding). Stateless.
 */
public final class ConnectionStrings {
  private ConnectionStrings() {}

  /** {@code HostName=..;SharedAccessKeyName=..;SharedAccessKey=..}: a back end signing with a policy. */
  public static String service(String hostName, String policyName, String key) {
    return "HostName=" + hostName + ";SharedAccessKeyName=" + policyName + ";SharedAccessKey=" + key;
  }

  /**
   * The built-in endpoint's Event Hub-compatible connection string,
   * {@code Endpoint=sb://host[:port]/;SharedAccessKeyName=..;SharedAccessKey=..;EntityPath=hub}, as IoT Hub shows
   * it for the Event Hubs SDKs.
   *
   * @param portSuffix empty for AMQP's own port 5671, else {@code :port}
   */
  public static String eventHub(String hostName, String portSuffix, String policyName, String key, String hubName) {
    return "Endpoint=sb://" + hostName + portSuffix + "/;SharedAccessKeyName=" + policyName + ";SharedAccessKey="
        + key + ";EntityPath=" + hubName;
  }

  /** {@code HostName=..;DeviceId=..[;ModuleId=..];SharedAccessKey=..}: a device or module signing with its key. */
  public static String identity(String hostName, String deviceId, Optional<String> moduleId, String key) {
    return identityPrefix(hostName, deviceId, moduleId) + ";SharedAccessKey=" + key;
  }

  /** {@code HostName=..;DeviceId=..[;ModuleId=..];x509=true}: a device or module with a certificate. */
  public static String x509Identity(String hostName, String deviceId, Optional<String> moduleId) {
    return identityPrefix(hostName, deviceId, moduleId) + ";x509=true";
  }

  /**
   * The pairs of a connection string, keys in lower case. Throws {@link IllegalArgumentException} for a part
   * that is not {@code key=value} or a key given twice.
   */
  public static Map<String, String> parse(String connectionString) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String part : connectionString.trim().split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("connection string part '" + part + "' is not of the form Key=value");
      }
      String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (pairs.put(key, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("connection string has " + part.substring(0, eq).trim() + " twice");
      }
    }
    return pairs;
  }

  private static String identityPrefix(String hostName, String deviceId, Optional<String> moduleId) {
    return "HostName=" + hostName + ";DeviceId=" + deviceId + moduleId.map(m -> ";ModuleId=" + m).orElse("");
  }
}
