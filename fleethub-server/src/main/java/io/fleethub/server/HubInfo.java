package io.fleethub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.server.bootstrap.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a running hub tells its users, and writes to {@code <data-dir>/hub.json} (readable by its owner only,
 * since it holds the owner key):
 *
 * <pre>{@code
 * {"hostName":"fleethub.localhost","hubName":"fleethub",
 *  "connectionString":"HostName=fleethub.localhost;SharedAccessKeyName=iothubowner;SharedAccessKey=...",
 *  "eventHubConnectionString":"Endpoint=sb://fleethub.localhost/;SharedAccessKeyName=service;SharedAccessKey=...;EntityPath=fleethub",
 *  "caCertificate":"/abs/data/ca.pem",
 *  "listeners":[{"protocol":"https","bindAddress":"0.0.0.0","port":443,"url":"https://fleethub.localhost"}],
 *  "hostsFile":"/abs/data/hosts"}
 * }</pre>
 *
 * @param connectionString the owner policy's service connection string
 * @param eventHubConnectionString the Event Hub-compatible connection string of the built-in endpoint (service
 *     policy), for the Event Hubs SDKs
 * @param caCertificate the PEM file clients trust
 * @param listeners the started listeners only
 * @param hostsFile the file for {@code -Djdk.net.hosts.file}
 */
public record HubInfo(
    String hostName, String hubName, String connectionString, String eventHubConnectionString, Path caCertificate,
    List<Listener> listeners, Path hostsFile) {

  public static final String FILE_NAME = "hub.json";

  private static final ObjectMapper JSON = PrettyJson.MAPPER;

  /**
   * A started listener.
   *
   * @param protocol {@code https}, later {@code mqtts} and {@code amqps}
   * @param bindAddress the address bound
   * @param port the port bound (the free port picked when 0 was configured)
   * @param url how clients address it: scheme, the hub's host name, and the port unless it is the protocol's own
   */
  public record Listener(String protocol, String bindAddress, int port, String url) {
    public Listener {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(url, "url");
    }

    /** A listener addressed as {@code protocol://hostName[:port]}, leaving out a port equal to {@code defaultPort}. */
    public static Listener of(String protocol, String bindAddress, int port, String hostName, int defaultPort) {
      return new Listener(protocol, bindAddress, port,
          protocol + "://" + hostName + (port == defaultPort ? "" : ":" + port));
    }
  }

  public HubInfo {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(hubName, "hubName");
    Objects.requireNonNull(connectionString, "connectionString");
    Objects.requireNonNull(eventHubConnectionString, "eventHubConnectionString");
    Objects.requireNonNull(caCertificate, "caCertificate");
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(hostsFile, "hostsFile");
  }

  public Optional<Listener> listener(String protocol) {
    return listeners.stream().filter(listener -> listener.protocol().equals(protocol)).findFirst();
  }

  /** Writes {@code hub.json} into {@code dataDir}, atomically, readable by its owner only; returns its path. */
  public Path writeTo(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    DataDirectory.writeAtomically(file, toJson() + "\n", true);
    return file;
  }

  /** Reads a {@code hub.json}; {@link NoSuchFileException} when absent, {@link IOException} when unusable. */
  public static HubInfo read(Path file) throws IOException {
    return fromJson(Files.readString(file));
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode()
        .put("hostName", hostName)
        .put("hubName", hubName)
        .put("connectionString", connectionString)
        .put("eventHubConnectionString", eventHubConnectionString)
        .put("caCertificate", caCertificate.toString());
    ArrayNode array = root.putArray("listeners");
    for (Listener listener : listeners) {
      array.addObject()
          .put("protocol", listener.protocol())
          .put("bindAddress", listener.bindAddress())
          .put("port", listener.port())
          .put("url", listener.url());
    }
    root.put("hostsFile", hostsFile.toString());
    return PrettyJson.write(root);
  }

  /** Parses what {@link #toJson} writes; {@link IOException} naming the missing field otherwise. */
  public static HubInfo fromJson(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException("hub.json is not a JSON object");
    }
    List<Listener> listeners = new ArrayList<>();
    for (JsonNode listener : root.path("listeners")) {
      listeners.add(new Listener(text(listener, "protocol"), text(listener, "bindAddress"),
          listener.path("port").asInt(), text(listener, "url")));
    }
    return new HubInfo(text(root, "hostName"), text(root, "hubName"), text(root, "connectionString"),
        text(root, "eventHubConnectionString"), Path.of(text(root, "caCertificate")), listeners,
        Path.of(text(root, "hostsFile")));
  }

  private static String text(JsonNode node, String field) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IOException("hub.json has no text field '" + field + "'");
    }
    return value.textValue();
  }
}
