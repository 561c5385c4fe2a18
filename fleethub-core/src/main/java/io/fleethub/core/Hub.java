package io.fleethub.core;

import io.fleethub.core.auth.AccessControl;
import io.fleethub.core.auth.DeviceAuthenticator;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.c2d.CloudToDeviceConfig;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.certificates.CaCertificateRegistry;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.consumergroups.ConsumerGroups;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.files.FileNotificationQueue;
import io.fleethub.core.files.FileUploadConfig;
import io.fleethub.core.files.FileUploads;
import io.fleethub.core.methods.DirectMethods;
import io.fleethub.core.presence.ConnectionTracker;
import io.fleethub.core.registry.DeviceRegistry;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.telemetry.TelemetryService;
import io.fleethub.core.twin.TwinNotifications;
import io.fleethub.core.twin.TwinService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub core's facade: what the transports and the service API call. It holds the hub's identity (host and
 * hub name) and the services built over the stores; it knows nothing of sockets or databases. Closing it stops
 * the per-device lanes; the stores are closed by whoever opened them.
 */
public final class Hub implements AutoCloseable {
  /** Device lanes: they block on store writes (a few ms each on SQLite), so more than one per core. */
  private static final int DEVICE_LANES = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());

  /** How often expired cloud-to-device messages and feedback records are swept out. */
  public static final Duration EXPIRY_SWEEP_INTERVAL = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  private final HubIdentity identity;
  private final Clock clock;
  private final HubStores stores;
  private final HubEvents events = new HubEvents();
  private final DeviceExecutors deviceExecutors = new DeviceExecutors(DEVICE_LANES);
  private final DeviceRegistry registry;
  private final AccessControl accessControl;
  private final CaCertificateRegistry caCertificates;
  private final DeviceAuthenticator deviceAuthenticator;
  private final TelemetryService telemetry;
  private final ConnectionTracker connections;
  private final CloudToDeviceService cloudToDevice;
  private final TwinNotifications twinNotifications = new TwinNotifications();
  private final TwinService twins;
  private final ScheduledExecutorService methodTimers = daemonScheduler("fleethub-method-timers");
  private final ScheduledExecutorService maintenance = daemonScheduler("fleethub-maintenance");
  private final DirectMethods directMethods;
  private final ConsumerGroups consumerGroups;
  private final FileNotificationQueue fileNotifications;
  private final FileUploads fileUploads;

  public Hub(HubIdentity identity, Clock clock, HubStores stores, KeyGenerator keys) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.registry = new DeviceRegistry(stores.registry(), clock, keys, events);
    this.accessControl = new AccessControl(stores.policies(), clock, identity.hostName());
    this.caCertificates = new CaCertificateRegistry(stores.caCertificates(), clock, keys);
    this.deviceAuthenticator =
        new DeviceAuthenticator(stores.registry(), stores.policies(), caCertificates, clock, identity);
    this.telemetry = new TelemetryService(stores.eventLog(), clock);
    this.connections = new ConnectionTracker(stores.registry(), events, clock);
    this.cloudToDevice =
        new CloudToDeviceService(stores.cloudToDevice(), stores.registry(), clock, CloudToDeviceConfig.DEFAULTS);
    cloudToDevice.dropQueuesOfDeletedIdentities(events, deviceExecutors);
    this.twins = new TwinService(stores.twins(), stores.registry(), clock, twinNotifications);
    this.directMethods = new DirectMethods(stores.registry(), clock, methodTimers);
    directMethods.forgetDeletedIdentities(events);
    this.consumerGroups = new ConsumerGroups(stores.consumerGroups(), clock);
    consumerGroups.ensureDefault();
    this.fileNotifications = new FileNotificationQueue(stores.fileNotifications(), clock, FileUploadConfig.DEFAULTS);
    this.fileUploads =
        new FileUploads(identity, clock, stores.blobs(), fileNotifications, FileUploadConfig.DEFAULTS);
    long sweepMillis = EXPIRY_SWEEP_INTERVAL.toMillis();
    maintenance.scheduleWithFixedDelay(this::sweepExpired, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
  }

  public HubIdentity identity() {
    return identity;
  }

  public Clock clock() {
    return clock;
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public AccessControl accessControl() {
    return accessControl;
  }

  /** The CA certificates registered for X.509 device authentication, with their proof of possession. */
  public CaCertificateRegistry caCertificates() {
    return caCertificates;
  }

  public PolicyStore policies() {
    return stores.policies();
  }

  /** The registry store, for transports that record run-time activity (last activity, connection state). */
  public RegistryStore registryStore() {
    return stores.registry();
  }

  public EventLog eventLog() {
    return stores.eventLog();
  }

  public HubEvents events() {
    return events;
  }

  /** The per-device lanes on which device work that blocks on stores runs, one device at a time. */
  public DeviceExecutors deviceExecutors() {
    return deviceExecutors;
  }

  public DeviceAuthenticator deviceAuthenticator() {
    return deviceAuthenticator;
  }

  public TelemetryService telemetry() {
    return telemetry;
  }

  public ConnectionTracker connections() {
    return connections;
  }

  /** Cloud-to-device queues and their feedback; transports call it on the device's lane. */
  public CloudToDeviceService cloudToDevice() {
    return cloudToDevice;
  }

  /** Device and module twins; transports call it on the device's lane. */
  public TwinService twins() {
    return twins;
  }

  /** Where a transport subscribes a connected device or module to its desired-property changes. */
  public TwinNotifications twinNotifications() {
    return twinNotifications;
  }

  /** Direct method calls from the service to connected devices and modules. */
  public DirectMethods directMethods() {
    return directMethods;
  }

  /** The consumer groups of the built-in endpoint. */
  public ConsumerGroups consumerGroups() {
    return consumerGroups;
  }

  /** File uploads: SAS URIs for the built-in blob store, and the outcomes devices report. */
  public FileUploads fileUploads() {
    return fileUploads;
  }

  /** The file upload notifications waiting for the service. */
  public FileNotificationQueue fileNotifications() {
    return fileNotifications;
  }

  /**
   * Dead-letters expired cloud-to-device messages (their Expired feedback) and drops expired feedback records
   * and file upload notifications;
   * runs every {@link #EXPIRY_SWEEP_INTERVAL} on its own thread, and may be called directly (tests).
   */
  public void sweepExpired() {
    try {
      cloudToDevice.expire();
      cloudToDevice.feedback().expire();
      fileNotifications.expire();
    } catch (RuntimeException e) {
      log.warn("Sweeping expired cloud-to-device messages failed; the next sweep tries again", e);
    }
  }

  /** Stops the sweeps and timers, then the device lanes after their queued work. */
  @Override
  public void close() {
    maintenance.shutdownNow();
    methodTimers.shutdownNow();
    deviceExecutors.close();
  }

  private static ScheduledExecutorService daemonScheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
  }
}
