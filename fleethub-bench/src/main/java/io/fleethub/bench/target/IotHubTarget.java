package io.fleethub.bench.target;

import io.fleethub.bench.mqtt.DeviceCredentials;
import io.fleethub.bench.mqtt.TlsSettings;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.SasToken;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A hub, Fleethub or Azure IoT Hub: devices are registered through its service REST API with SAS keys and
 * connect over MQTT as the device SDKs do, each with a SAS token signed with its own key.
 *
 * <p>{@link #prepare} runs on one thread; {@link #device} may then be called from any thread.
 */
public final class IotHubTarget implements Target {
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private final HubAddress hub;
  private final DeviceNames names;
  private final Duration tokenLifetime;
  private final Clock clock;
  private final int registryConcurrency;
  private final InetSocketAddress server;
  private volatile AtomicReferenceArray<String> deviceKeys = new AtomicReferenceArray<>(0);

  /**
   * @param tokenLifetime how long each device's SAS token is valid from the moment {@link #device} signs it
   * @param registryConcurrency registry requests in flight while {@link #prepare} registers devices
   * @throws IllegalArgumentException for a lifetime or concurrency below the minimum, or an unknown MQTT host
   */
  public IotHubTarget(HubAddress hub, DeviceNames names, Duration tokenLifetime, Clock clock,
      int registryConcurrency) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.names = Objects.requireNonNull(names, "names");
    this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (tokenLifetime.getSeconds() < 1) {
      throw new IllegalArgumentException("the SAS token lifetime must be at least 1s, not " + tokenLifetime);
    }
    if (registryConcurrency < 1) {
      throw new IllegalArgumentException("registry concurrency must be at least 1, not " + registryConcurrency);
    }
    this.registryConcurrency = registryConcurrency;
    this.server = hub.mqtt().resolve();
  }

  /** The hub itself, for scenarios that also act as its back end. */
  public HubAddress hub() {
    return hub;
  }

  @Override
  public String describe() {
    return "hub " + hub.hostName() + " (MQTT " + hub.mqtt() + ", registry " + hub.registry() + ")";
  }

  @Override
  public String kind() {
    return "fleethub";
  }

  @Override
  public String acknowledgement() {
    return "durable in the hub's event log (fsync)";
  }

  /**
   * Registers devices {@code 0 .. devices - 1}, reusing those that exist, with at most
   * {@code registryConcurrency} requests in flight; stops at the first failure.
   *
   * @throws TargetException when the registry refuses or cannot be reached
   */
  @Override
  public void prepare(int devices, Consumer<String> progress) throws InterruptedException {
    RegistryClient registry;
    try {
      registry = new RegistryClient(hub, clock, KeyGenerator.secure());
    } catch (IllegalArgumentException e) {
      throw new TargetException(e.getMessage(), e);
    }
    AtomicReferenceArray<String> keys = new AtomicReferenceArray<>(devices);
    Semaphore inFlight = new Semaphore(registryConcurrency);
    AtomicReference<TargetException> failure = new AtomicReference<>();
    AtomicInteger created = new AtomicInteger();
    AtomicInteger existing = new AtomicInteger();
    Instant start = clock.instant();
    Instant nextProgress = start.plus(PROGRESS_INTERVAL);
    for (int i = 0; i < devices && failure.get() == null; i++) {
      inFlight.acquire();
      int index = i;
      registry.register(names.name(index)).whenComplete((registration, error) -> {
        if (error != null) {
          failure.compareAndSet(null, targetException(error));
        } else {
          keys.set(index, registration.primaryKey());
          (registration.created() ? created : existing).incrementAndGet();
        }
        inFlight.release();
      });
      Instant now = clock.instant();
      if (!now.isBefore(nextProgress)) {
        progress.accept(progressLine(start, devices, created.get(), existing.get()));
        nextProgress = now.plus(PROGRESS_INTERVAL);
      }
    }
    inFlight.acquire(registryConcurrency);
    if (failure.get() != null) {
      throw failure.get();
    }
    progress.accept(progressLine(start, devices, created.get(), existing.get()));
    deviceKeys = keys;
  }

  @Override
  public InetSocketAddress mqttServer() {
    return server;
  }

  /** TLS checks the hub's host name, which its certificate carries, whatever address the listener is at. */
  @Override
  public Optional<TlsSettings> tls(String provider) {
    return hub.mqtt().tls() ? Optional.of(new TlsSettings(hub.caFile(), hub.hostName(), provider))
        : Optional.empty();
  }

  /** Signs a new SAS token each call; {@link IllegalStateException} for a device not prepared. */
  @Override
  public DeviceCredentials device(int index) {
    AtomicReferenceArray<String> keys = deviceKeys;
    String key = index >= 0 && index < keys.length() ? keys.get(index) : null;
    if (key == null) {
      throw new IllegalStateException("device " + index + " was not prepared");
    }
    String deviceId = names.name(index);
    String token = SasToken.sign(hub.hostName() + "/devices/" + deviceId, key, clock.instant().plus(tokenLifetime),
        Optional.empty()).toString();
    return new DeviceCredentials(deviceId, deviceId,
        Optional.of(hub.hostName() + "/" + deviceId + "/?api-version=" + RegistryClient.API_VERSION),
        Optional.of(token), "devices/" + deviceId + "/messages/events/");
  }

  private String progressLine(Instant start, int devices, int created, int existing) {
    double seconds = Duration.between(start, clock.instant()).toMillis() / 1000.0;
    return String.format("[%6.1fs] registry  %,d/%,d  created %,d  existing %,d", seconds, created + existing,
        devices, created, existing);
  }

  private static TargetException targetException(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof TargetException known ? known
        : new TargetException("a registry request failed: " + cause, cause);
  }
}
