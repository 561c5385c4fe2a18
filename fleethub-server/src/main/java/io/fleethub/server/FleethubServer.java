package io.fleethub.server;

import io.fleethub.core.Hub;
import io.fleethub.core.HubStores;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.files.BlobStorage;
import io.fleethub.eventlog.file.FileEventLog;
import io.fleethub.eventlog.file.FileEventLogConfig;
import io.fleethub.eventlog.kafka.KafkaEventLog;
import io.fleethub.eventlog.kafka.KafkaEventLogConfig;
import io.fleethub.amqp.AmqpEndpoint;
import io.fleethub.amqp.AmqpServices;
import io.fleethub.amqp.AmqpSettings;
import io.fleethub.mqtt.MqttDeviceServices;
import io.fleethub.mqtt.MqttEndpoint;
import io.fleethub.mqtt.MqttSettings;
import io.fleethub.server.HubInfo.Listener;
import io.fleethub.server.bootstrap.DataDirectory;
import io.fleethub.server.bootstrap.HostNameSetup;
import io.fleethub.server.bootstrap.StandardPolicies;
import io.fleethub.server.config.ServerConfig;
import io.fleethub.server.config.ServerConfig.Setting;
import io.fleethub.server.tls.CertificateIssuer;
import io.fleethub.server.tls.HubCertificates;
import io.fleethub.server.tls.HubCertificates.CertificateFiles;
import io.fleethub.server.tls.ServerNames;
import io.fleethub.store.sql.SqlStores;
import io.fleethub.transport.http.HttpsListener;
import io.fleethub.transport.http.HttpsSettings;
import io.fleethub.transport.http.WebSocketBridge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: a running hub built from a {@link ServerConfig}. Starting prepares the data directory
 * (host name mapping, certificates, database, standard policies), starts the listeners, and writes
 * {@code hub.json}. Uses the system clock and a secure key generator.
 *
 * <p>{@link #start} blocks until the hub serves or has failed; {@link #close} is idempotent. Both may be called
 * from any thread; {@link #close} must not be called on a Vert.x thread.
 */
public final class FleethubServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleethubServer.class);
  private static final long TIMEOUT_SECONDS = 30;
  private static final int HTTPS_DEFAULT_PORT = 443;
  private static final int MQTT_DEFAULT_PORT = 8883;
  private static final int AMQP_DEFAULT_PORT = 5671;

  private final HubInfo info;
  private final Hub hub;
  private final Deque<AutoCloseable> resources;

  private FleethubServer(Started started, Deque<AutoCloseable> resources) {
    this.info = started.info();
    this.hub = started.hub();
    this.resources = resources;
  }

  /** What {@link #startHub} brings up. */
  private record Started(HubInfo info, Hub hub) {}

  /**
   * Starts a hub; port 0 picks a free port, reported in {@link #info()}. Throws
   * {@link io.fleethub.server.config.ConfigException}, {@link io.fleethub.server.tls.CertificateSetupException}
   * or {@link StartupException} with a message for the user, having released whatever it had acquired.
   */
  public static FleethubServer start(ServerConfig config) {
    return start(config, HostNameSetup.system());
  }

  static FleethubServer start(ServerConfig config, HostNameSetup hostNameSetup) {
    Objects.requireNonNull(config, "config");
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      return new FleethubServer(startHub(config, hostNameSetup, resources), resources);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  /** What {@code hub.json} holds. */
  public HubInfo info() {
    return info;
  }

  /** The running hub's core, for tests and tools in the same process (for example to read its event log). */
  public Hub hub() {
    return hub;
  }

  /** Stops the listeners and closes the stores; does nothing the second time. */
  @Override
  public void close() {
    synchronized (resources) {
      if (!resources.isEmpty()) {
        closeAll(resources);
        LOG.info("Hub {} stopped", info.hostName());
      }
    }
  }

  private static Started startHub(ServerConfig config, HostNameSetup hostNameSetup, Deque<AutoCloseable> resources) {
    Path dataDir = DataDirectory.prepare(config.dataDir());
    warnOnHubNameMismatch(config);
    HostNameSetup.Result hosts = hostNameSetup.apply(config.hostName(), config.hasDefaultHostName(),
        config.bindAddress(), dataDir);
    CertificateFiles certificates = new HubCertificates(dataDir, new CertificateIssuer(), Clock.systemUTC())
        .ensure(ServerNames.forHub(config.hostName(), config.bindAddress()));

    SqlStores stores = openStores(config, dataDir);
    resources.push(stores);
    EventLog eventLog = openEventLog(config, dataDir);
    resources.push(eventLog);
    KeyGenerator keys = KeyGenerator.secure();
    Hub hub = new Hub(config.identity(), Clock.systemUTC(),
        new HubStores(stores.registry(), stores.policies(), stores.caCertificates(), eventLog, stores.twins(),
            stores.cloudToDevice(), stores.consumerGroups(), stores.fileNotifications(), openBlobs(dataDir)),
        keys);
    resources.push(hub);
    StandardPolicies.ensure(stores.policies(), keys);
    SharedAccessPolicy owner = StandardPolicies.owner(stores.policies());
    SharedAccessPolicy service = stores.policies().findPolicy("service").orElse(owner);

    Vertx vertx = Vertx.vertx();
    resources.push(() -> await(vertx.close()));
    MqttEndpoint mqtt = startMqtt(vertx, hub, config, certificates);
    resources.push(() -> await(mqtt.close()));
    AmqpEndpoint amqp = startAmqp(vertx, hub, config, certificates);
    resources.push(() -> await(amqp.close()));
    HttpsListener https = startHttps(vertx, hub, config, certificates,
        List.of(mqttOverWebSockets(mqtt), amqpOverWebSockets(amqp)));
    resources.push(() -> await(https.close()));

    HubInfo info = new HubInfo(config.hostName(), config.hubName(),
        ConnectionStrings.service(config.hostName(), owner.keyName(), owner.primaryKey()),
        ConnectionStrings.eventHub(config.hostName(), amqp.port() == AMQP_DEFAULT_PORT ? "" : ":" + amqp.port(),
            service.keyName(), service.primaryKey(), config.hubName()),
        certificates.caCertificate(),
        List.of(
            Listener.of("https", config.bindAddress(), https.port(), config.hostName(), HTTPS_DEFAULT_PORT),
            Listener.of("mqtts", config.bindAddress(), mqtt.port(), config.hostName(), MQTT_DEFAULT_PORT),
            new Listener("wss", config.bindAddress(), https.port(), "wss://" + config.hostName()
                + (https.port() == HTTPS_DEFAULT_PORT ? "" : ":" + https.port()) + "/$iothub/websocket"),
            Listener.of("amqps", config.bindAddress(), amqp.port(), config.hostName(), AMQP_DEFAULT_PORT),
            new Listener("amqp", AmqpEndpoint.PLAIN_BIND_HOST, amqp.plainPort().orElseThrow(),
                "amqp://" + config.hostName() + ":" + amqp.plainPort().orElseThrow())),
        hosts.javaHostsFile());
    info.writeTo(dataDir);
    return new Started(info, hub);
  }

  /** The built-in event stream: a Kafka topic when bootstrap servers are configured, else files. */
  private static EventLog openEventLog(ServerConfig config, Path dataDir) {
    Duration retention = Duration.ofDays(config.retentionDays());
    if (config.kafkaBootstrapServers().isPresent()) {
      KafkaEventLogConfig kafka = KafkaEventLogConfig.forHub(config.hubName(), config.kafkaBootstrapServers().get())
          .withPartitionCount(config.partitions())
          .withRetention(retention);
      LOG.info("Keeping the event stream in Kafka topic {} at {}", kafka.topic(), config.kafkaBootstrapServers().get());
      return KafkaEventLog.open(kafka);
    }
    Path directory = dataDir.resolve("eventlog");
    FileEventLogConfig files = FileEventLogConfig.defaults()
        .withPartitionCount(config.partitions())
        .withRetention(retention);
    try {
      return FileEventLog.open(directory, files, Clock.systemUTC());
    } catch (java.io.IOException e) {
      throw new StartupException("cannot open the event log in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The built-in blob store devices upload files to: {@code {dataDir}/files}. */
  private static BlobStorage openBlobs(Path dataDir) {
    Path directory = dataDir.resolve("files");
    try {
      return BlobStorage.open(directory, Clock.systemUTC());
    } catch (java.io.UncheckedIOException e) {
      throw new StartupException("cannot open the blob store in " + directory + ": " + e.getCause().getMessage(), e);
    }
  }

  private static SqlStores openStores(ServerConfig config, Path dataDir) {
    if (config.jdbcUrl().isPresent()) {
      LOG.info("Using PostgreSQL at {}", config.jdbcUrl().get());
      return SqlStores.postgres(config.jdbcUrl().get(), config.jdbcUser().orElse(null),
          config.jdbcPassword().orElse(null));
    }
    Path database = dataDir.resolve(config.databaseFile().getFileName());
    LOG.info("Using SQLite at {}", database);
    return SqlStores.sqlite(database);
  }

  private static HttpsListener startHttps(Vertx vertx, Hub hub, ServerConfig config, CertificateFiles certificates,
      List<WebSocketBridge> bridges) {
    HttpsSettings settings = new HttpsSettings(config.bindAddress(), config.httpsPort(),
        certificates.serverChain(), certificates.serverKey());
    try {
      return await(HttpsListener.start(vertx, hub, settings, bridges));
    } catch (StartupException e) {
      throw ListenFailures.explain(e.getCause(), Setting.HTTPS_PORT, config.bindAddress(), config.httpsPort());
    }
  }

  private static MqttEndpoint startMqtt(Vertx vertx, Hub hub, ServerConfig config, CertificateFiles certificates) {
    MqttDeviceServices services = MqttDeviceServices.of(hub);
    MqttSettings settings = MqttSettings.defaults(config.bindAddress(), config.mqttPort(),
        certificates.serverChain(), certificates.serverKey());
    try {
      return await(MqttEndpoint.start(vertx, services, settings));
    } catch (StartupException e) {
      throw ListenFailures.explain(e.getCause(), Setting.MQTT_PORT, config.bindAddress(), config.mqttPort());
    }
  }

  private static AmqpEndpoint startAmqp(Vertx vertx, Hub hub, ServerConfig config, CertificateFiles certificates) {
    AmqpSettings settings = AmqpSettings.defaults(config.bindAddress(), config.amqpPort(),
        certificates.serverChain(), certificates.serverKey(), OptionalInt.of(config.amqpPlainPort()));
    AmqpServices services = AmqpServices.of(hub);
    try {
      return await(AmqpEndpoint.start(vertx, services, settings));
    } catch (StartupException e) {
      throw ListenFailures.explain(e.getCause(), Setting.AMQP_PORT, config.bindAddress(), config.amqpPort());
    }
  }

  /** AMQP over WebSockets, as the IoT Hub and Event Hubs clients open it: the AMQP endpoint serves. */
  private static WebSocketBridge amqpOverWebSockets(AmqpEndpoint amqp) {
    return new WebSocketBridge() {
      @Override
      public String subprotocol() {
        return "AMQPWSB10";
      }

      @Override
      public void accept(io.vertx.core.http.ServerWebSocket webSocket,
          List<java.security.cert.X509Certificate> clientCertificates) {
        amqp.acceptWebSocket(webSocket, clientCertificates);
      }
    };
  }

  /** MQTT over WebSockets: the HTTPS listener upgrades, the MQTT endpoint serves. */
  private static WebSocketBridge mqttOverWebSockets(MqttEndpoint mqtt) {
    return new WebSocketBridge() {
      @Override
      public String subprotocol() {
        return "mqtt";
      }

      @Override
      public void accept(io.vertx.core.http.ServerWebSocket webSocket,
          List<java.security.cert.X509Certificate> clientCertificates) {
        mqtt.acceptWebSocket(webSocket, clientCertificates);
      }
    };
  }

  private static void warnOnHubNameMismatch(ServerConfig config) {
    if (!config.hostName().startsWith(config.hubName().toLowerCase(Locale.ROOT) + ".")) {
      LOG.warn("The hub name '{}' is not the first label of the host name '{}'; the Azure SDKs take the hub name"
          + " from the host name, so they will see '{}'", config.hubName(), config.hostName(),
          config.hostName().substring(0, config.hostName().indexOf('.')));
    }
  }

  /** Waits for a Vert.x future; a failure becomes a {@link StartupException} whose cause is the failure. */
  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new StartupException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new StartupException("timed out after " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted", e);
    }
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Failed to release {} while stopping", resource, e);
      }
    }
  }
}
