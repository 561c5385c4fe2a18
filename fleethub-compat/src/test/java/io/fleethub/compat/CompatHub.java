package io.fleethub.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.Hub;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.server.FleethubServer;
import io.fleethub.server.HubInfo;
import io.fleethub.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A hub started the way a user starts it, for the official SDKs to talk to: on the Azure ports (the Java SDKs
 * hard-code them), under a dotted test host name that the test JVM resolves to 127.0.0.1 through its hosts
 * file, with a fresh data directory. Everything a client needs is taken from the {@code hub.json} the hub
 * writes, as a user would take it. Not thread-safe; one at a time per JVM.
 */
final class CompatHub implements AutoCloseable {
  static final String HOST_NAME = "compat-hub.fleethub.test";
  static final String HUB_NAME = "compat-hub";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDir;
  private FleethubServer server;
  private HubInfo info;

  private CompatHub(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Starts a hub on a new data directory. */
  static CompatHub start() throws IOException {
    CompatHub hub = new CompatHub(Files.createTempDirectory("fleethub-compat-"));
    hub.startServer();
    return hub;
  }

  /** Stops the hub and starts it again on the same data directory. */
  void restart() throws IOException {
    server.close();
    startServer();
  }

  private void startServer() throws IOException {
    server = FleethubServer.start(ServerConfig.of(Map.of(
        "data-dir", dataDir.toString(),
        "hostname", HOST_NAME,
        "hub-name", HUB_NAME,
        "bind", "127.0.0.1",
        "https-port", "443",
        "mqtt-port", "8883",
        "amqp-port", "5671",
        "amqp-plain-port", "5672")));
    info = HubInfo.read(dataDir.resolve(HubInfo.FILE_NAME));
    trustHubCaForHttpsUrlConnection(info.caCertificate());
  }

  /** The owner connection string, as hub.json gives it to users. */
  String ownerConnectionString() {
    return info.connectionString();
  }

  HubInfo info() {
    return info;
  }

  /**
   * The running hub's core, for what a user would see through an interface not served yet: the stored
   * telemetry (the event log, until the Event Hubs-compatible endpoint exists).
   */
  Hub core() {
    return server.hub();
  }
  /** Every event the hub stored from {@code deviceId}, partition by partition, each in log order. */
  List<StoredEvent> eventsFrom(String deviceId) {
    EventLog log = core().eventLog();
    List<StoredEvent> events = new ArrayList<>();
    for (int partition = 0; partition < log.partitionCount(); partition++) {
      long next = log.partitionInfo(partition).beginningSequenceNumber();
      for (List<StoredEvent> page = log.read(partition, next, 1_000); !page.isEmpty();
          page = log.read(partition, next, 1_000)) {
        page.stream()
            .filter(event -> deviceId.equals(
                event.data().systemProperties().get(MessageProperties.CONNECTION_DEVICE_ID)))
            .forEach(events::add);
        next = page.get(page.size() - 1).sequenceNumber() + 1;
      }
    }
    return events;
  }


  /** A service connection string for one of the hub's policies, with its primary key. */
  String connectionStringFor(String policyName) throws IOException {
    return "HostName=" + HOST_NAME + ";SharedAccessKeyName=" + policyName + ";SharedAccessKey="
        + policyKey(policyName);
  }

  /**
   * Registers a CA certificate for X.509 CA devices through the hub's certificates REST API, as verified on
   * upload (ARM's {@code isVerified}), the shortcut IoT Hub offers instead of proof of possession.
   */
  void registerVerifiedCaCertificate(String name, String pem) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("properties").put("certificate", pem).put("isVerified", true);
    HttpsURLConnection connection = (HttpsURLConnection) new URL(
        "https://" + HOST_NAME + "/certificates/" + name + "?api-version=2021-07-02").openConnection();
    connection.setRequestMethod("PUT");
    connection.setDoOutput(true);
    connection.setRequestProperty("Authorization", ownerToken());
    connection.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = connection.getOutputStream()) {
      out.write(JSON.writeValueAsBytes(body));
    }
    if (connection.getResponseCode() != HttpURLConnection.HTTP_CREATED) {
      throw new IllegalStateException("registering CA certificate " + name + " answered "
          + connection.getResponseCode() + " " + connection.getResponseMessage());
    }
  }

  /**
   * Purges a device's cloud-to-device queue through {@code DELETE /devices/{id}/commands}, the call the Node and
   * .NET service SDKs make (the Java SDK has none); returns {@code totalMessagesPurged}.
   */
  int purgeCloudToDeviceQueue(String deviceId) throws IOException {
    HttpsURLConnection connection = (HttpsURLConnection) new URL(
        "https://" + HOST_NAME + "/devices/" + deviceId + "/commands?api-version=2021-04-12").openConnection();
    connection.setRequestMethod("DELETE");
    connection.setRequestProperty("Authorization", ownerToken());
    try (InputStream body = connection.getInputStream()) {
      JsonNode result = JSON.readTree(body);
      if (!deviceId.equals(result.path("deviceId").asText())) {
        throw new IllegalStateException("purge answered for another device: " + result);
      }
      return result.path("totalMessagesPurged").asInt(-1);
    }
  }

  /** Looks a policy's primary key up through the hub's policy listing, signed with the owner key. */
  private String policyKey(String policyName) throws IOException {
    HttpsURLConnection connection =
        (HttpsURLConnection) new URL("https://" + HOST_NAME + "/$fleethub/policies").openConnection();
    connection.setRequestProperty("Authorization", ownerToken());
    try (InputStream body = connection.getInputStream()) {
      JsonNode policies = JSON.readTree(body);
      JsonNode list = policies.isArray() ? policies : policies.path("policies");
      for (JsonNode policy : list) {
        if (policy.path("keyName").asText().equals(policyName)) {
          return policy.path("primaryKey").asText();
        }
      }
    }
    throw new IllegalStateException("the hub lists no policy named " + policyName);
  }

  private String ownerToken() {
    String ownerKey = field(info.connectionString(), "SharedAccessKey");
    return SasToken.sign(HOST_NAME, ownerKey, Instant.now().plus(Duration.ofMinutes(10)),
        Optional.of("iothubowner")).toString();
  }

  static String field(String connectionString, String name) {
    for (String part : connectionString.split(";")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new IllegalArgumentException("no " + name + " in the connection string");
  }

  /**
   * The Java service SDK's REST calls use HttpsURLConnection's default socket factory, so trusting the hub's
   * CA there is what a user does with the JVM truststore.
   */
  static void trustHubCaForHttpsUrlConnection(Path caPem) throws IOException {
    try (InputStream pem = Files.newInputStream(caPem)) {
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(pem);
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("fleethub-ca", ca);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLSv1.2");
      context.init(null, trustManagers.getTrustManagers(), null);
      HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the hub CA " + caPem, e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
