package io.fleethub.compat.eventhubs;

import static org.awaitility.Awaitility.await;

import io.fleethub.core.eventlog.Partitioner;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceSpec;
import io.fleethub.server.FleethubServer;
import io.fleethub.server.HubInfo;
import io.fleethub.server.StartupException;
import io.fleethub.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hub started the way a user starts it, for the official SDKs to talk to: in this JVM, on the Azure ports (the
 * Java device SDK hard-codes 8883), under a dotted test host name that the test JVM resolves to 127.0.0.1 through
 * its hosts file, with a fresh data directory. What a back end needs (the Event Hub-compatible connection string,
 * the CA to trust) is taken from the {@code hub.json} the hub writes, as a user takes it.
 *
 * <p>Starting makes the hub's CA the trust of this JVM's default {@code SSLContext}, which is what the Event Hubs
 * SDK uses for TLS: a user puts the CA into the JVM truststore. Not thread-safe; one at a time per JVM.
 */
final class CompatHub implements AutoCloseable {
  static final String HOST_NAME = "compat-hub.fleethub.test";
  static final String HUB_NAME = "compat-hub";
  private static final Duration PORTS_BUSY_WAIT = Duration.ofMinutes(3);

  private final Path dataDir;
  private final FleethubServer server;
  private final HubInfo info;

  private CompatHub(Path dataDir, FleethubServer server, HubInfo info) {
    this.dataDir = dataDir;
    this.server = server;
    this.info = info;
  }

  /** A hub named {@value #HUB_NAME} keeping its event stream in files. */
  static CompatHub start() throws IOException {
    return start(HUB_NAME, Map.of());
  }

  /**
   * A hub keeping its event stream in Kafka. The topic is named after the hub, so a hub name no other run used
   * gives a fresh stream on a shared broker.
   */
  static CompatHub startOnKafka(String bootstrapServers, String hubName) throws IOException {
    return start(hubName, Map.of("kafka-bootstrap-servers", bootstrapServers));
  }

  private static CompatHub start(String hubName, Map<String, String> extraSettings) throws IOException {
    Path dataDir = Files.createTempDirectory("fleethub-compat-eventhubs-");
    Map<String, String> settings = new HashMap<>(Map.of(
        "data-dir", dataDir.toString(),
        "hostname", HOST_NAME,
        "hub-name", hubName,
        "bind", "127.0.0.1",
        "https-port", "443",
        "mqtt-port", "8883",
        "amqp-port", "5671",
        "amqp-plain-port", "5672"));
    settings.putAll(extraSettings);
    FleethubServer server = null;
    try {
      server = startWhenThePortsAreFree(ServerConfig.of(settings));
      HubInfo info = HubInfo.read(dataDir.resolve(HubInfo.FILE_NAME));
      HubTrust.makeDefault(info.caCertificate());
      return new CompatHub(dataDir, server, info);
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      TempDirectories.deleteRecursively(dataDir);
      throw e;
    }
  }

  /**
   * Starts the hub, waiting while another JVM holds an Azure port: fleethub-compat's tests bind the same ports,
   * and a parallel build ({@code -T}) or a second checkout runs them at the same time as these.
   */
  private static FleethubServer startWhenThePortsAreFree(ServerConfig config) {
    AtomicReference<FleethubServer> started = new AtomicReference<>();
    await("the Azure ports, while another process holds them")
        .atMost(PORTS_BUSY_WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptionsMatching(e -> e instanceof StartupException
            && e.getMessage().contains("address already in use"))
        .until(() -> {
          started.set(FleethubServer.start(config));
          return true;
        });
    return started.get();
  }

  HubInfo info() {
    return info;
  }

  String hubName() {
    return info.hubName();
  }

  Path caCertificate() {
    return info.caCertificate();
  }

  /** The hub's partition count, as the core partitions device telemetry. */
  int partitionCount() {
    return server.hub().eventLog().partitionCount();
  }

  /** The partition the hub puts a device's telemetry on. */
  int partitionOf(String deviceId) {
    return Partitioner.partitionFor(deviceId, partitionCount());
  }

  /**
   * Registers a device with generated SAS keys through the hub's core (the service REST API would do the same;
   * the service SDK cannot share this class path) and returns its connection string.
   */
  String registerDevice(String deviceId) {
    Device device = server.hub().registry().createDevice(DeviceSpec.withGeneratedKeys(DeviceId.of(deviceId)));
    String key = device.authentication().symmetricKey().primaryKey().orElseThrow();
    return "HostName=" + HOST_NAME + ";DeviceId=" + deviceId + ";SharedAccessKey=" + key;
  }

  /** Stops the hub and deletes its data directory. */
  @Override
  public void close() {
    server.close();
    TempDirectories.deleteRecursively(dataDir);
  }
}
