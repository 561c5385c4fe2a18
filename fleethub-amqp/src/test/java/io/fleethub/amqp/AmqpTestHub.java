package io.fleethub.amqp;

import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.HubStores;
import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.Partitioner;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.memory.InMemoryCaCertificateStore;
import io.fleethub.core.memory.InMemoryCloudToDeviceStore;
import io.fleethub.core.memory.InMemoryConsumerGroupStore;
import io.fleethub.core.memory.InMemoryPolicyStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.memory.InMemoryTwinStore;
import io.fleethub.core.registry.DeviceSpec;
import io.fleethub.core.registry.ModuleSpec;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.testkit.MutableClock;
import io.fleethub.testkit.memory.InMemoryEventLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * A hub core ({@link Hub}) on in-memory stores behind a real {@link AmqpEndpoint} on free ports (TLS and plain),
 * with the standard policies, the consumer groups {@code $Default} (created at {@link #CREATED_AT}) and
 * {@code audit}, and helpers to sign tokens, register devices and append device telemetry to the log. The stores
 * record any call made on a Vert.x event loop thread, which must never happen for calls that may block;
 * {@link #close()} fails the test when one did.
 */
final class AmqpTestHub implements AutoCloseable {
  static final String HOST_NAME = "hub.fleethub.test";
  static final String HUB_NAME = "testhub";
  static final int PARTITIONS = 4;
  static final Instant CREATED_AT = Instant.parse("2026-01-15T08:00:00Z");
  static final TestPki PKI = TestPki.create(HOST_NAME);

  static {
    // The build machine is shared; a generous ceiling keeps slow runs from failing, fast ones still finish fast.
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
  }

  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final InMemoryPolicyStore policyStore = new InMemoryPolicyStore();
  private final InMemoryEventLog eventLog = new InMemoryEventLog(PARTITIONS);
  private final List<String> eventLoopCalls = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> storeCalls = new ConcurrentHashMap<>();
  private final Vertx vertx = Vertx.vertx();
  private final Hub core;
  private final AmqpSettings settings;
  private final AmqpEndpoint endpoint;

  private AmqpTestHub(UnaryOperator<AmqpSettings> customize) throws Exception {
    SharedAccessPolicy.generateStandard(KeyGenerator.secure()).forEach(policyStore::putPolicy);
    InMemoryConsumerGroupStore consumerGroups = new InMemoryConsumerGroupStore();
    consumerGroups.insertConsumerGroup(new ConsumerGroup(ConsumerGroup.DEFAULT, CREATED_AT));
    HubStores stores = new HubStores(watched(RegistryStore.class, new InMemoryRegistryStore()),
        watched(PolicyStore.class, policyStore), new InMemoryCaCertificateStore(), watchedLog(),
        new InMemoryTwinStore(), watched(CloudToDeviceStore.class, new InMemoryCloudToDeviceStore()),
        watched(ConsumerGroupStore.class, consumerGroups));
    core = new Hub(new HubIdentity(HOST_NAME, HUB_NAME), clock, stores, KeyGenerator.secure());
    core.consumerGroups().create("audit");
    AmqpSettings defaults = AmqpSettings.defaults("127.0.0.1", 0, PKI.serverCertificatePem(), PKI.serverKeyPem(),
        OptionalInt.of(0));
    settings = customize.apply(withCredentialCheckInterval(Duration.ofMillis(50))
        .andThen(withFeedbackPollInterval(Duration.ofMillis(50))).apply(defaults));
    endpoint = await(AmqpEndpoint.start(vertx, AmqpServices.of(core), settings));
  }

  static AmqpTestHub start() throws Exception {
    return new AmqpTestHub(settings -> settings);
  }

  static AmqpTestHub start(UnaryOperator<AmqpSettings> customize) throws Exception {
    return new AmqpTestHub(customize);
  }

  static UnaryOperator<AmqpSettings> withCredentialCheckInterval(Duration interval) {
    return s -> new AmqpSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(), s.plainPort(),
        s.maxFrameSize(), s.idleTimeout(), s.openTimeout(), s.readBatchSize(), s.maxBufferedEventsPerLink(),
        s.maxReceiversPerPartition(), interval, s.eventLoops(), s.blockingThreads(), s.cloudToDeviceCredit(),
        s.feedbackPollInterval());
  }

  static UnaryOperator<AmqpSettings> withBuffering(int readBatchSize, int maxBufferedEventsPerLink) {
    return s -> new AmqpSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(), s.plainPort(),
        s.maxFrameSize(), s.idleTimeout(), s.openTimeout(), readBatchSize, maxBufferedEventsPerLink,
        s.maxReceiversPerPartition(), s.credentialCheckInterval(), s.eventLoops(), s.blockingThreads(),
        s.cloudToDeviceCredit(), s.feedbackPollInterval());
  }

  static UnaryOperator<AmqpSettings> withOpenTimeout(Duration openTimeout) {
    return s -> new AmqpSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(), s.plainPort(),
        s.maxFrameSize(), s.idleTimeout(), openTimeout, s.readBatchSize(), s.maxBufferedEventsPerLink(),
        s.maxReceiversPerPartition(), s.credentialCheckInterval(), s.eventLoops(), s.blockingThreads(),
        s.cloudToDeviceCredit(), s.feedbackPollInterval());
  }

  static UnaryOperator<AmqpSettings> withCloudToDeviceCredit(int credit) {
    return s -> new AmqpSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(), s.plainPort(),
        s.maxFrameSize(), s.idleTimeout(), s.openTimeout(), s.readBatchSize(), s.maxBufferedEventsPerLink(),
        s.maxReceiversPerPartition(), s.credentialCheckInterval(), s.eventLoops(), s.blockingThreads(), credit,
        s.feedbackPollInterval());
  }

  static UnaryOperator<AmqpSettings> withFeedbackPollInterval(Duration interval) {
    return s -> new AmqpSettings(s.bindHost(), s.port(), s.certificateChainPem(), s.privateKeyPem(), s.plainPort(),
        s.maxFrameSize(), s.idleTimeout(), s.openTimeout(), s.readBatchSize(), s.maxBufferedEventsPerLink(),
        s.maxReceiversPerPartition(), s.credentialCheckInterval(), s.eventLoops(), s.blockingThreads(),
        s.cloudToDeviceCredit(), interval);
  }

  AmqpEndpoint endpoint() {
    return endpoint;
  }

  AmqpSettings settings() {
    return settings;
  }

  MutableClock clock() {
    return clock;
  }

  Vertx vertx() {
    return vertx;
  }

  InMemoryEventLog eventLog() {
    return eventLog;
  }

  /** The hub core behind the endpoint: its cloud-to-device queues, feedback queue, registry, consumer groups. */
  Hub core() {
    return core;
  }

  /** Registers a device with generated keys; returns it as a cloud-to-device target. */
  IdentityRef registerDevice(String deviceId) {
    core.registry().createDevice(DeviceSpec.withGeneratedKeys(DeviceId.of(deviceId)));
    return IdentityRef.device(DeviceId.of(deviceId));
  }

  /** Registers a module of a registered device; returns it as a cloud-to-device target. */
  IdentityRef registerModule(String deviceId, String moduleId) {
    core.registry().createModule(ModuleSpec.withGeneratedKeys(DeviceId.of(deviceId), ModuleId.of(moduleId)));
    return IdentityRef.module(DeviceId.of(deviceId), ModuleId.of(moduleId));
  }

  int tlsPort() {
    return endpoint.port();
  }

  int plainPort() {
    return endpoint.plainPort().orElseThrow();
  }

  /** A policy with exactly these rights, added to the hub; returns its primary key. */
  String addPolicy(String name, AccessRight... rights) {
    String key = KeyGenerator.secure().newKey();
    policyStore.putPolicy(new SharedAccessPolicy(name, key, KeyGenerator.secure().newKey(),
        rights.length == 0 ? EnumSet.noneOf(AccessRight.class) : EnumSet.of(rights[0], rights)));
    return key;
  }

  String primaryKey(String policy) {
    return policyStore.findPolicy(policy).orElseThrow().primaryKey();
  }

  /** A token of {@code policy} for {@code resource} (as an SDK writes it: URL-encoded), valid for an hour. */
  String token(String policy, String resource) {
    return token(policy, resource, clock.instant().plus(Duration.ofHours(1)));
  }

  String token(String policy, String resource, Instant expiry) {
    return SasToken.sign(resource, primaryKey(policy), expiry, Optional.of(policy)).toString();
  }

  /**
   * A token signed with a registered device's or module's own primary key, for its own resource
   * ({@code {host}/devices/{id}[/modules/{mid}]}), as the device SDKs write it.
   */
  String deviceToken(IdentityRef identity, Instant expiry) {
    String resource = HOST_NAME + "/devices/" + identity.deviceId().value()
        + identity.moduleId().map(module -> "/modules/" + module.value()).orElse("");
    var authentication = identity.moduleId()
        .map(module -> core.registry().getModule(identity.deviceId(), module).authentication())
        .orElseGet(() -> core.registry().getDevice(identity.deviceId()).authentication());
    String key = authentication.symmetricKey().primaryKey().orElseThrow();
    return SasToken.sign(resource, key, expiry, Optional.empty()).toString();
  }

  /** A device token valid for an hour. */
  String deviceToken(IdentityRef identity) {
    return deviceToken(identity, clock.instant().plus(Duration.ofHours(1)));
  }

  /** The audience the Event Hubs SDKs use for an entity of this hub. */
  static String audience(String entityPath) {
    return "amqp://" + HOST_NAME + "/" + entityPath;
  }

  static String partitionPath(int partition) {
    return HUB_NAME + "/ConsumerGroups/$Default/Partitions/" + partition;
  }

  /** The partition the hub puts a device's telemetry in. */
  static int partitionOf(String deviceId) {
    return Partitioner.partitionFor(deviceId, PARTITIONS);
  }

  /** Appends telemetry of {@code deviceId} as the telemetry service stamps it, enqueued now on the hub's clock. */
  StoredEvent appendTelemetry(String deviceId, String body, Map<String, String> applicationProperties) {
    return appendTelemetry(deviceId, body.getBytes(StandardCharsets.UTF_8), Map.of(), applicationProperties);
  }

  StoredEvent appendTelemetry(String deviceId, byte[] body, Map<String, String> systemProperties,
      Map<String, String> applicationProperties) {
    Instant now = clock.instant();
    Map<String, String> system = new HashMap<>(systemProperties);
    system.put(MessageProperties.CONNECTION_DEVICE_ID, deviceId);
    system.put(MessageProperties.CONNECTION_AUTH_METHOD,
        "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\"}");
    system.put(MessageProperties.CONNECTION_AUTH_GENERATION_ID, "638000000000000000");
    system.put(MessageProperties.ENQUEUED_TIME, DateTimeFormatter.ISO_INSTANT.format(now));
    system.put(MessageProperties.MESSAGE_SOURCE, "Telemetry");
    EventData data = new EventData(now, deviceId, system, applicationProperties, body);
    return eventLog.append(partitionOf(deviceId), data).join();
  }

  /** Calls on the stores or reading calls on the event log that ran on an event loop thread. */
  List<String> eventLoopCalls() {
    return eventLoopCalls;
  }

  /** How many times a store method was called, e.g. {@code CloudToDeviceStore.completeFeedback}; 0 if never. */
  int storeCalls(String typeAndMethod) {
    AtomicInteger count = storeCalls.get(typeAndMethod);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      await(endpoint.close());
    } finally {
      try {
        await(vertx.close());
      } finally {
        core.close();
      }
    }
    if (!eventLoopCalls.isEmpty()) {
      throw new AssertionError("blocking calls ran on an event loop: " + eventLoopCalls);
    }
  }

  static <T> T await(Future<T> future) throws ExecutionException, TimeoutException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  private EventLog watchedLog() {
    return (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(), new Class<?>[] {EventLog.class},
        (proxy, method, args) -> {
          boolean mayBlock = !List.of("onAppended", "partitionCount", "append").contains(method.getName());
          if (mayBlock && Context.isOnEventLoopThread()) {
            eventLoopCalls.add("EventLog." + method.getName());
          }
          return invoke(method, eventLog, args);
        });
  }

  private <T> T watched(Class<T> type, T target) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      String name = type.getSimpleName() + "." + method.getName();
      if (Context.isOnEventLoopThread()) {
        eventLoopCalls.add(name);
      }
      try {
        return invoke(method, target, args);
      } finally {
        storeCalls.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
      }
    }));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
