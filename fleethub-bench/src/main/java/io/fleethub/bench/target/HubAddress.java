package io.fleethub.bench.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a hub and sign for its registry, found as the {@code fleethub} CLI finds it: from the
 * {@code hub.json} a running hub writes into its data directory, or from a service connection string.
 *
 * @param hostName the hub's host name, which SAS tokens and MQTT user names carry and TLS checks
 * @param policyName a shared access policy with RegistryWrite, e.g. {@code iothubowner}
 * @param policyKey that policy's key, base64
 * @param registry the HTTPS API, e.g. {@code https://localhost:8443}, without a trailing slash
 * @param mqtt the MQTT listener
 * @param amqp the AMQP listener, e.g. {@code amqps://localhost:5671}; empty when hub.json lists none
 * @param caFile the CA certificate (PEM) to trust; empty for the JVM's trusted CAs
 */
public record HubAddress(String hostName, String policyName, String policyKey, URI registry, MqttUrl mqtt,
    Optional<URI> amqp, Optional<Path> caFile) {

  /** What a running hub writes into its data directory. */
  public static final String HUB_JSON = "hub.json";

  /** The api-version of IoT Hub's REST APIs that the bench speaks, as the service SDKs do. */
  public static final String API_VERSION = "2021-04-12";

  /** IoT Hub's AMQP port over TLS. */
  public static final int AMQPS_PORT = 5671;

  private static final int HTTPS_PORT = 443;
  private static final ObjectMapper JSON = new ObjectMapper();

  public HubAddress {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(policyKey, "policyKey");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(mqtt, "mqtt");
    Objects.requireNonNull(amqp, "amqp");
    Objects.requireNonNull(caFile, "caFile");
    try {
      Base64.getDecoder().decode(policyKey);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the SharedAccessKey of policy " + policyName + " is not base64");
    }
  }

  /**
   * The hub whose {@code hub.json} is in {@code dataDir}. A listener bound to a wildcard or loopback address is
   * reached as {@code localhost}, which the hub's certificate carries, so the hub's host name need not resolve.
   *
   * @param caFile the CA to trust instead of the one hub.json names
   * @throws IllegalArgumentException saying what is missing or unreadable
   */
  public static HubAddress fromDataDir(Path dataDir, Optional<Path> caFile) {
    Path file = dataDir.resolve(HUB_JSON).toAbsolutePath();
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no hub found: " + file + " does not exist; start one with 'fleethub"
          + " serve', or pass --data-dir of a running hub, --connection-string, or --broker");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " is not a JSON object");
    }
    Map<String, String> owner = connectionString(text(root, "connectionString", file));
    URI registry = uri("https://" + listener(root, "https", file).authority(), file.toString());
    MqttUrl mqtt = MqttUrl.parse("mqtts://" + listener(root, "mqtts", file).authority());
    Optional<URI> amqp = optionalListener(root, "amqps", file)
        .map(amqps -> amqpUri("amqps://" + amqps.authority(), file.toString()));
    Path ca = CaFiles.requireReadable(caFile.orElse(Path.of(text(root, "caCertificate", file))));
    return new HubAddress(text(root, "hostName", file), owner.get("sharedaccesskeyname"),
        owner.get("sharedaccesskey"), registry, mqtt, amqp, Optional.of(ca));
  }

  /**
   * The hub a service connection string ({@code HostName=..;SharedAccessKeyName=..;SharedAccessKey=..}) names,
   * at {@code https://<HostName>:443}, {@code mqtts://<HostName>:8883} and {@code amqps://<HostName>:5671} unless
   * given.
   *
   * @throws IllegalArgumentException saying what is missing or malformed
   */
  public static HubAddress fromConnectionString(String connectionString, Optional<Path> caFile,
      Optional<String> hubUrl, Optional<String> mqttUrl, Optional<String> amqpUrl) {
    Map<String, String> parts = connectionString(connectionString);
    String hostName = parts.get("hostname");
    URI registry = uri(hubUrl.orElse("https://" + hostName + ":" + HTTPS_PORT), "--hub-url");
    MqttUrl mqtt = MqttUrl.parse(mqttUrl.orElse("mqtts://" + hostName + ":" + MqttUrl.MQTTS_PORT));
    URI amqp = amqpUri(amqpUrl.orElse("amqps://" + hostName + ":" + AMQPS_PORT), "--amqp-url");
    return new HubAddress(hostName, parts.get("sharedaccesskeyname"), parts.get("sharedaccesskey"), registry, mqtt,
        Optional.of(amqp), caFile.map(CaFiles::requireReadable));
  }

  /** The AMQP listener; {@link IllegalArgumentException} saying how to name it when it is unknown. */
  public URI requireAmqp() {
    return amqp.orElseThrow(() -> new IllegalArgumentException("the hub's " + HUB_JSON + " lists no amqps"
        + " listener; is the hub's AMQP listener enabled? (With --connection-string, --amqp-url names it.)"));
  }

  /** The pairs of a service connection string, keys in lower case; each of the three is present. */
  private static Map<String, String> connectionString(String connectionString) {
    Map<String, String> parts = new HashMap<>();
    for (String part : connectionString.trim().split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        parts.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      } else if (!part.isBlank()) {
        throw new IllegalArgumentException("invalid connection string: '" + part + "' is not Key=value");
      }
    }
    for (String key : new String[] {"HostName", "SharedAccessKeyName", "SharedAccessKey"}) {
      String value = parts.get(key.toLowerCase(Locale.ROOT));
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("the connection string has no " + key + "; a service connection"
            + " string reads HostName=..;SharedAccessKeyName=..;SharedAccessKey=..");
      }
    }
    return parts;
  }

  private static Listener listener(JsonNode root, String protocol, Path file) {
    return optionalListener(root, protocol, file).orElseThrow(() -> new IllegalArgumentException(file
        + " lists no " + protocol + " listener; is the hub's " + protocol.toUpperCase(Locale.ROOT)
        + " listener enabled?"));
  }

  private static Optional<Listener> optionalListener(JsonNode root, String protocol, Path file) {
    for (JsonNode listener : root.path("listeners")) {
      if (listener.path("protocol").asText().equals(protocol)) {
        return Optional.of(new Listener(text(listener, "bindAddress", file), listener.path("port").asInt()));
      }
    }
    return Optional.empty();
  }

  /** A listener as hub.json lists it. */
  private record Listener(String bindAddress, int port) {
    /**
     * {@code host:port} by which this machine reaches it: {@code localhost} for a wildcard or loopback bind
     * address, since the hub's certificate carries that name.
     */
    String authority() {
      boolean wildcardOrLoopback = bindAddress.equals("0.0.0.0") || bindAddress.equals("::")
          || bindAddress.startsWith("127.") || bindAddress.equals("localhost");
      String host = wildcardOrLoopback ? "localhost"
          : bindAddress.indexOf(':') >= 0 ? "[" + bindAddress + "]" : bindAddress;
      return host + ":" + port;
    }
  }

  private static String text(JsonNode node, String field, Path file) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new IllegalArgumentException(file + " has no text field '" + field + "'");
    }
    return value.textValue();
  }

  private static URI uri(String url, String source) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      URI uri = new URI(trimmed);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(trimmed, "not an https:// URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid hub URL '" + url + "' (" + source + "): " + e.getMessage());
    }
  }

  /** {@code amqps://host[:port]}, port 5671 when left out. */
  private static URI amqpUri(String url, String source) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      URI uri = new URI(trimmed);
      if (!"amqps".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(trimmed, "not an amqps:// URL");
      }
      return uri.getPort() < 0 ? new URI("amqps", null, uri.getHost(), AMQPS_PORT, null, null, null) : uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid AMQP URL '" + url + "' (" + source + "): " + e.getMessage());
    }
  }
}
