package io.fleethub.mqtt;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.DeviceAuthenticator;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.core.c2d.CloudToDeviceConfig;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.memory.InMemoryCloudToDeviceStore;
import io.fleethub.core.memory.InMemoryTwinStore;
import io.fleethub.core.methods.DirectMethods;
import io.fleethub.core.presence.ConnectionTracker;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceRegistry;
import io.fleethub.core.registry.DeviceSpec;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.ModuleSpec;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.telemetry.TelemetryService;
import io.fleethub.core.twin.TwinNotifications;
import io.fleethub.core.twin.TwinService;
import io.fleethub.core.twin.TwinStore;
import io.fleethub.testkit.MutableClock;
import io.fleethub.testkit.memory.InMemoryEventLog;
import io.fleethub.core.memory.InMemoryPolicyStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A hub core on in-memory stores behind a real {@link MqttEndpoint} on a free TLS port, with Paho clients that
 * trust its test CA. The stores record any call made on a Vert.x event loop thread, which must never happen. The
 * core's twin, cloud-to-device and direct-method services are the ones a back end would call.
 */
final class MqttTestHub implements AutoCloseable {
  static final String HOST_NAME = "hub.fleethub.test";
  static final String API_QUERY = "?api-version=2020-09-30&DeviceClientType=fleethub-test%2F1.0";
  private static final Path CERTIFICATES = certificateDirectory();
  static final TestPki PKI = TestPki.create(CERTIFICATES, HOST_NAME);

  static {
    // The build machine is shared; a generous ceiling keeps slow runs from failing, fast ones still finish fast.
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
  }

  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final InMemoryRegistryStore registryStore = new InMemoryRegistryStore();
  private final InMemoryPolicyStore policyStore = new InMemoryPolicyStore();
  private final InMemoryTwinStore twinStore = new InMemoryTwinStore();
  private final InMemoryCloudToDeviceStore cloudToDeviceStore = new InMemoryCloudToDeviceStore();
  private final List<CloudToDeviceMessage> lockedMessages = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService methodTimers = Executors.newSingleThreadScheduledExecutor();
  private final List<String> eventLoopStoreCalls = new CopyOnWriteArrayList<>();
  private final List<DeviceEvent> deviceEvents = new CopyOnWriteArrayList<>();
  private final List<MqttClient> clients = new CopyOnWriteArrayList<>();
  private final List<MqttAsyncClient> asyncClients = new CopyOnWriteArrayList<>();
  private final List<RawMqttClient> rawClients = new CopyOnWriteArrayList<>();
  private final DeviceRegistry registry = new DeviceRegistry(registryStore, clock, KeyGenerator.secure(), new HubEvents());
  private final DeviceExecutors executors = new DeviceExecutors(4);
  private final EventLog eventLog;
  private final MqttSettings settings;
  private final Vertx vertx = Vertx.vertx();
  private final TwinNotifications twinNotifications = new TwinNotifications();
  private final TwinService twins;
  private final CloudToDeviceService cloudToDevice;
  private final DirectMethods directMethods;
  private final MqttEndpoint endpoint;

  private MqttTestHub(EventLog eventLog, UnaryOperator<MqttSettings> customize) throws Exception {
    this.eventLog = eventLog;
    SharedAccessPolicy.generateStandard(KeyGenerator.secure()).forEach(policyStore::putPolicy);
    RegistryStore watchedRegistry = watched(RegistryStore.class, registryStore);
    HubEvents events = new HubEvents();
    events.subscribe(deviceEvents::add);
    HubIdentity hub = new HubIdentity(HOST_NAME, "hub");
    twins = new TwinService(watched(TwinStore.class, twinStore), watchedRegistry, clock, twinNotifications);
    cloudToDevice = new CloudToDeviceService(watched(CloudToDeviceStore.class, cloudToDeviceStore), watchedRegistry,
        clock, CloudToDeviceConfig.DEFAULTS);
    directMethods = new DirectMethods(watchedRegistry, clock, methodTimers);
    MqttDeviceServices services = new MqttDeviceServices(hub,
        new DeviceAuthenticator(watchedRegistry, watched(PolicyStore.class, policyStore), () -> List.of(PKI.deviceCa()),
            clock, hub),
        new TelemetryService(eventLog, clock),
        new ConnectionTracker(watchedRegistry, events, clock), executors, watchedRegistry::recordActivity, twins,
        twinNotifications, cloudToDevice, directMethods, clock);
    settings = customize.apply(
        MqttSettings.defaults("127.0.0.1", 0, PKI.serverCertificatePem(), PKI.serverKeyPem()));
    endpoint = await(MqttEndpoint.start(vertx, services, settings));
  }

  static MqttTestHub start() throws Exception {
    return new MqttTestHub(new InMemoryEventLog(4), settings -> settings);
  }

  static MqttTestHub start(EventLog eventLog, UnaryOperator<MqttSettings> customize) throws Exception {
    return new MqttTestHub(eventLog, customize);
  }

  static UnaryOperator<MqttSettings> withMaxInflight(int maxInflightPublishes) {
    return s -> new MqttSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(),
        maxInflightPublishes, s.maxInflightDeliveries(), s.maxPacketBytes(), s.connectTimeout(),
        s.activityInterval(), s.clockCheckInterval(), s.eventLoops());
  }

  static UnaryOperator<MqttSettings> withMaxInflightDeliveries(int maxInflightDeliveries) {
    return s -> new MqttSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(),
        s.maxInflightPublishes(), maxInflightDeliveries, s.maxPacketBytes(), s.connectTimeout(),
        s.activityInterval(), s.clockCheckInterval(), s.eventLoops());
  }

  static UnaryOperator<MqttSettings> withConnectTimeout(Duration connectTimeout) {
    return s -> new MqttSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(),
        s.maxInflightPublishes(), s.maxInflightDeliveries(), s.maxPacketBytes(), connectTimeout,
        s.activityInterval(), s.clockCheckInterval(), s.eventLoops());
  }

  static UnaryOperator<MqttSettings> withClockCheckInterval(Duration interval) {
    return s -> new MqttSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(),
        s.maxInflightPublishes(), s.maxInflightDeliveries(), s.maxPacketBytes(), s.connectTimeout(),
        s.activityInterval(), interval, s.eventLoops());
  }

  MutableClock clock() {
    return clock;
  }

  Vertx vertx() {
    return vertx;
  }

  MqttEndpoint endpoint() {
    return endpoint;
  }

  MqttSettings settings() {
    return settings;
  }

  int port() {
    return endpoint.port();
  }

  RegistryStore registryStore() {
    return registryStore;
  }

  List<DeviceEvent> deviceEvents() {
    return deviceEvents;
  }

  /** Twins, as the service API reads and writes them. */
  TwinService twins() {
    return twins;
  }

  TwinNotifications twinNotifications() {
    return twinNotifications;
  }

  /** Cloud-to-device queues, as the service API sends to them. */
  CloudToDeviceService cloudToDevice() {
    return cloudToDevice;
  }

  /** Every message the store locked for a receiver, in order, as it was then (its delivery count). */
  List<CloudToDeviceMessage> lockedMessages() {
    return lockedMessages;
  }

  DirectMethods directMethods() {
    return directMethods;
  }

  /** The store calls made on an event loop thread; must stay empty. */
  List<String> eventLoopStoreCalls() {
    return eventLoopStoreCalls;
  }

  /** What the event log holds, when it is an {@link InMemoryEventLog} or a {@link ManualEventLog}. */
  List<StoredEvent> storedEvents() {
    return eventLog instanceof ManualEventLog manual ? manual.all() : ((InMemoryEventLog) eventLog).all();
  }

  Device createDevice(String id) {
    return registry.createDevice(DeviceSpec.withGeneratedKeys(DeviceId.of(id)));
  }

  Device createDisabledDevice(String id) {
    return registry.createDevice(new DeviceSpec(DeviceId.of(id), DeviceStatus.DISABLED, Optional.empty(),
        Authentication.generatedSas(), false, Optional.empty(), List.of()));
  }

  Device createDevice(String id, Authentication authentication) {
    return registry.createDevice(new DeviceSpec(DeviceId.of(id), DeviceStatus.ENABLED, Optional.empty(),
        authentication, false, Optional.empty(), List.of()));
  }

  Module createModule(String deviceId, String moduleId) {
    return registry.createModule(ModuleSpec.withGeneratedKeys(DeviceId.of(deviceId), ModuleId.of(moduleId)));
  }

  Device device(String id) {
    return registry.getDevice(DeviceId.of(id));
  }

  void deleteDevice(String id) {
    registry.deleteDevice(DeviceId.of(id), Etag.ANY);
  }

  /** A token signed with the device's primary key, valid for an hour of the hub's clock. */
  String tokenFor(Device device) {
    return token(HOST_NAME + "/devices/" + device.id().value(), primaryKey(device.authentication()),
        clock.instant().plus(Duration.ofHours(1)), Optional.empty());
  }

  String tokenFor(Module module) {
    return token(HOST_NAME + "/devices/" + module.deviceId().value() + "/modules/" + module.id().value(),
        primaryKey(module.authentication()), clock.instant().plus(Duration.ofHours(1)), Optional.empty());
  }

  /** A token for {@code resource} signed by the named standard policy. */
  String policyToken(String resource, String policyName) {
    SharedAccessPolicy policy = policyStore.findPolicy(policyName).orElseThrow();
    return token(resource, policy.primaryKey(), clock.instant().plus(Duration.ofHours(1)), Optional.of(policyName));
  }

  static String token(String resource, String key, Instant expiry, Optional<String> policy) {
    return SasToken.sign(resource, key, expiry, policy).toString();
  }

  static String primaryKey(Authentication authentication) {
    return authentication.symmetricKey().primaryKey().orElseThrow();
  }

  static String userName(String clientId) {
    return HOST_NAME + "/" + clientId + "/" + API_QUERY;
  }

  static IdentityRef identity(String clientId) {
    String[] parts = clientId.split("/");
    return parts.length == 1 ? IdentityRef.device(DeviceId.of(parts[0]))
        : IdentityRef.module(DeviceId.of(parts[0]), ModuleId.of(parts[1]));
  }

  /** A Paho client for {@code ssl://127.0.0.1:port}, closed with the hub. */
  MqttClient paho(String clientId) throws MqttException {
    return paho("ssl://127.0.0.1:" + port(), clientId);
  }

  MqttClient paho(String serverUri, String clientId) throws MqttException {
    MqttClient client = new MqttClient(serverUri, clientId, new MemoryPersistence());
    client.setTimeToWait(30_000);
    clients.add(client);
    return client;
  }

  /** An asynchronous Paho client, for pipelined publishes; closed with the hub. */
  MqttAsyncClient pahoAsync(String clientId) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + port(), clientId, new MemoryPersistence());
    asyncClients.add(client);
    return client;
  }

  /** Options as the Azure Java SDK sets them: MQTT 3.1.1, CleanSession=0, its user name, a SAS password. */
  static MqttConnectOptions sasOptions(String clientId, String token) {
    MqttConnectOptions options = baseOptions(clientId);
    options.setPassword(token.toCharArray());
    options.setSocketFactory(PKI.clientContext().getSocketFactory());
    return options;
  }

  static MqttConnectOptions x509Options(String clientId, TestPki.Issued certificate) {
    MqttConnectOptions options = baseOptions(clientId);
    options.setSocketFactory(PKI.clientContext(certificate).getSocketFactory());
    return options;
  }

  private static MqttConnectOptions baseOptions(String clientId) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setUserName(userName(clientId));
    options.setKeepAliveInterval(230);
    options.setConnectionTimeout(30);
    options.setAutomaticReconnect(false);
    options.setMaxInflight(1000);
    return options;
  }

  /** A raw client connected as {@code device} with a token signed by its own key; closed with the hub. */
  RawMqttClient raw(Device device) throws IOException {
    return raw(device.id().value(), tokenFor(device));
  }

  /** A raw client connected as {@code module}; closed with the hub. */
  RawMqttClient raw(Module module) throws IOException {
    return raw(module.deviceId().value() + "/" + module.id().value(), tokenFor(module));
  }

  private RawMqttClient raw(String clientId, String token) throws IOException {
    RawMqttClient client = RawMqttClient.open(port());
    rawClients.add(client);
    client.connectAccepted(clientId, token);
    return client;
  }

  /** Connects {@code device} with a token signed by its own key. */
  MqttClient connect(Device device) throws MqttException {
    String clientId = device.id().value();
    MqttClient client = paho(clientId);
    client.connect(sasOptions(clientId, tokenFor(device)));
    return client;
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    for (MqttClient client : clients) {
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(100, 100);
        }
        client.close(true);
      } catch (MqttException e) {
        // The hub may already have closed the connection.
      }
    }
    for (MqttAsyncClient client : asyncClients) {
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(100, 100);
        }
        client.close(true);
      } catch (MqttException e) {
        // The hub may already have closed the connection.
      }
    }
    for (RawMqttClient client : rawClients) {
      try {
        client.close();
      } catch (IOException e) {
        // The hub may already have closed the connection.
      }
    }
    await(endpoint.close());
    await(vertx.close());
    executors.close();
    methodTimers.shutdownNow();
  }

  static <T> T await(Future<T> future) throws ExecutionException, TimeoutException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  private <T> T watched(Class<T> type, T target) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (Context.isOnEventLoopThread()) {
        eventLoopStoreCalls.add(type.getSimpleName() + "." + method.getName());
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (method.getName().equals("lockNext") && result instanceof Optional<?> locked) {
        locked.ifPresent(message -> lockedMessages.add((CloudToDeviceMessage) message));
      }
      return result;
    }));
  }

  private static Path certificateDirectory() {
    try {
      Path directory = Files.createTempDirectory("fleethub-mqtt-test");
      directory.toFile().deleteOnExit();
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
