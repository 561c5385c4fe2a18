package io.fleethub.core.c2d;

import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.RegistryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's cloud-to-device rules over a {@link CloudToDeviceStore}: a queue of at most {@value #MAX_QUEUE_DEPTH}
 * messages per device or module, {@value #MAX_MESSAGE_BYTES} bytes per message, a time to live, one-minute
 * locks, complete / abandon / reject, dead-lettering after {@code maxDeliveryCount} abandons, purge, and the
 * feedback each outcome produces for the sender's {@link Acknowledgement} (see {@link #feedback()}).
 *
 * <p>A sender needs no message id to ask for feedback (the Java service SDK asks for full feedback by default and
 * sets none); its records then have no {@code originalMessageId}. Each change is reflected in the identity's
 * {@code cloudToDeviceMessageCount}; concurrent changes to one queue may record the count out of order, so
 * transports serialise a device's calls on its lane. Thread-safe; every method blocks on the stores.
 */
public final class CloudToDeviceService {
  /** The most messages a device's (or module's) queue holds. */
  public static final int MAX_QUEUE_DEPTH = 50;

  /** IoT Hub's limit on a cloud-to-device message, counted by {@link OutgoingMessage#billedSize()}. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** How long a received message stays locked to its receiver; fixed on IoT Hub. */
  public static final Duration LOCK_DURATION = Duration.ofMinutes(1);

  /** How many expired messages one store call removes. */
  static final int EXPIRY_BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(CloudToDeviceService.class);

  private final CloudToDeviceStore store;
  private final RegistryStore registry;
  private final Clock clock;
  private final CloudToDeviceConfig config;
  private final FeedbackQueue feedback;
  private final MessageAvailability availability = new MessageAvailability();

  public CloudToDeviceService(
      CloudToDeviceStore store, RegistryStore registry, Clock clock, CloudToDeviceConfig config) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
    this.feedback = new FeedbackQueue(store, clock, config);
  }

  /**
   * Queues a message for a device or module and announces it to {@link #onMessageAvailable} listeners. Refuses
   * with {@link ErrorCode#MESSAGE_TOO_LARGE} over {@value #MAX_MESSAGE_BYTES} bytes, {@link ErrorCode#ARGUMENT_INVALID}
   * when the sender's expiry time has passed, {@link ErrorCode#DEVICE_NOT_FOUND} or {@link ErrorCode#MODULE_NOT_FOUND},
   * and {@link ErrorCode#DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED} when the queue is full. The expiry is the sender's,
   * at most {@link CloudToDeviceConfig#MAX_TTL} away, or else the default time to live from now.
   */
  public CloudToDeviceMessage send(IdentityRef target, OutgoingMessage message) {
    requireSize(message);
    Instant now = clock.instant();
    Instant expiry = expiryOf(message, now);
    CloudToDeviceMessage queued = new CloudToDeviceMessage(target, deviceGenerationId(target), message.body(),
        message.properties(), message.applicationProperties(), message.ack(), now, expiry, 0, Optional.empty());
    if (!store.enqueue(queued, MAX_QUEUE_DEPTH, now)) {
      throw new HubException(ErrorCode.DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED,
          "The queue of " + describe(target) + " already holds " + MAX_QUEUE_DEPTH + " messages, the most it can.");
    }
    recordDepth(target, now);
    availability.announce(target);
    return queued;
  }

  /**
   * Locks the identity's oldest deliverable message to the caller for {@link #LOCK_DURATION} and returns it with
   * its new lock; empty when none is deliverable. Receiving does not count as a delivery: only abandons do.
   */
  public Optional<CloudToDeviceMessage> receive(IdentityRef identity) {
    Instant now = clock.instant();
    return store.lockNext(identity, new MessageLock(LockToken.random(), now.plus(LOCK_DURATION)), now);
  }

  /** Removes a received message: {@link FeedbackStatus#SUCCESS}. Lock lost: see {@link #abandon}. */
  public void complete(IdentityRef identity, LockToken token) {
    Instant now = clock.instant();
    CloudToDeviceMessage message = store.complete(identity, token, now).orElseThrow(() -> lockLost(identity, token));
    ended(message, FeedbackStatus.SUCCESS, now);
  }

  /**
   * Puts a received message back in the queue with its delivery count one higher, announcing it again, or
   * dead-letters it ({@link FeedbackStatus#DELIVERY_COUNT_EXCEEDED}) when the count reaches
   * {@code maxDeliveryCount}. {@link ErrorCode#DEVICE_MESSAGE_LOCK_LOST} when the token locks no message of the
   * identity (settled already, or its lock expired).
   */
  public void abandon(IdentityRef identity, LockToken token) {
    Instant now = clock.instant();
    CloudToDeviceMessage message = store.abandon(identity, token, now, config.maxDeliveryCount())
        .orElseThrow(() -> lockLost(identity, token));
    if (message.deliveryCount() >= config.maxDeliveryCount()) {
      ended(message, FeedbackStatus.DELIVERY_COUNT_EXCEEDED, now);
    } else {
      availability.announce(identity);
    }
  }

  /** Dead-letters a received message: {@link FeedbackStatus#REJECTED}. Lock lost: see {@link #abandon}. */
  public void reject(IdentityRef identity, LockToken token) {
    Instant now = clock.instant();
    CloudToDeviceMessage message = store.reject(identity, token, now).orElseThrow(() -> lockLost(identity, token));
    ended(message, FeedbackStatus.REJECTED, now);
  }

  /**
   * Empties the identity's queue, locked messages included ({@link FeedbackStatus#PURGED}), and returns how many
   * messages it held; {@link ErrorCode#DEVICE_NOT_FOUND} or {@link ErrorCode#MODULE_NOT_FOUND} when unknown.
   */
  public int purge(IdentityRef identity) {
    deviceGenerationId(identity);
    Instant now = clock.instant();
    List<CloudToDeviceMessage> purged = store.purge(identity);
    purged.forEach(message -> feedback.record(message, FeedbackStatus.PURGED, now));
    recordDepth(identity, now);
    return purged.size();
  }

  /**
   * Dead-letters every message whose expiry time has passed and that no lock holds
   * ({@link FeedbackStatus#EXPIRED}, dated at its expiry time); returns how many. Meant to run periodically.
   */
  public int expire() {
    Instant now = clock.instant();
    Set<IdentityRef> touched = new LinkedHashSet<>();
    int expired = 0;
    List<CloudToDeviceMessage> batch;
    do {
      batch = store.removeExpired(now, EXPIRY_BATCH);
      for (CloudToDeviceMessage message : batch) {
        feedback.record(message, FeedbackStatus.EXPIRED, message.expiryTime());
        touched.add(message.target());
      }
      expired += batch.size();
    } while (batch.size() == EXPIRY_BATCH);
    touched.forEach(identity -> recordDepth(identity, now));
    return expired;
  }

  /** How many unexpired messages the identity's queue holds, locked or not. */
  public int depth(IdentityRef identity) {
    return store.depth(identity, clock.instant());
  }

  /**
   * Calls {@code listener} whenever a message becomes deliverable to {@code identity} (sent, or abandoned back
   * into the queue); closing the handle stops it. The listener runs on the announcing thread and must return at
   * once, typically after scheduling a {@link #receive} on the device's lane. An announcement is only a hint:
   * another receiver may take the message first, and a message whose lock expires is not announced again.
   */
  public AutoCloseable onMessageAvailable(IdentityRef identity, Runnable listener) {
    return availability.subscribe(identity, listener);
  }

  /** The feedback queue the outcomes go to, for the service's feedback receivers. */
  public FeedbackQueue feedback() {
    return feedback;
  }

  /**
   * Drops the queue of a deleted identity, without feedback; a deleted device's modules' queues go with it.
   * Blocks on the store.
   */
  public void identityDeleted(IdentityRef identity) {
    int dropped = identity.isModule() ? store.purge(identity).size() : store.discardDevice(identity.deviceId());
    if (dropped > 0) {
      log.debug("Dropped {} cloud-to-device messages of deleted {}", dropped, describe(identity));
    }
  }

  /**
   * Makes every {@link DeviceEvent.Deleted} event drop that identity's queues ({@link #identityDeleted}) on the
   * device's lane; closing the handle stops it.
   */
  public AutoCloseable dropQueuesOfDeletedIdentities(HubEvents events, DeviceExecutors lanes) {
    return events.subscribe(event -> {
      if (event instanceof DeviceEvent.Deleted deleted) {
        lanes.execute(deleted.identity().deviceId(), () -> dropQuietly(deleted.identity()));
      }
    });
  }

  private void dropQuietly(IdentityRef identity) {
    try {
      identityDeleted(identity);
    } catch (RuntimeException e) {
      log.warn("Could not drop the cloud-to-device queue of deleted {}", describe(identity), e);
    }
  }

  private void ended(CloudToDeviceMessage message, FeedbackStatus status, Instant now) {
    feedback.record(message, status, now);
    recordDepth(message.target(), now);
  }

  private void recordDepth(IdentityRef identity, Instant now) {
    registry.recordCloudToDeviceMessageCount(identity, store.depth(identity, now));
  }

  private static void requireSize(OutgoingMessage message) {
    int size = message.billedSize();
    if (size > MAX_MESSAGE_BYTES) {
      throw new HubException(ErrorCode.MESSAGE_TOO_LARGE,
          "The message is " + size + " bytes; the limit is " + MAX_MESSAGE_BYTES + " bytes.");
    }
  }

  private Instant expiryOf(OutgoingMessage message, Instant now) {
    if (message.expiryTime().isEmpty()) {
      return now.plus(config.defaultTtl());
    }
    Instant requested = message.expiryTime().get();
    if (!requested.isAfter(now)) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID,
          "The message's expiry time " + requested + " is not after the time the hub received it, " + now + ".");
    }
    Instant latest = now.plus(CloudToDeviceConfig.MAX_TTL);
    return requested.isAfter(latest) ? latest : requested;
  }

  /** The generation id of the target's device; refuses an unknown device or module. */
  private String deviceGenerationId(IdentityRef target) {
    Device device = registry.findDevice(target.deviceId()).orElseThrow(() -> new HubException(
        ErrorCode.DEVICE_NOT_FOUND, "Device '" + target.deviceId() + "' is not registered."));
    if (target.moduleId().isPresent() && registry.findModule(target.deviceId(), target.moduleId().get()).isEmpty()) {
      throw new HubException(ErrorCode.MODULE_NOT_FOUND,
          "Module '" + target.moduleId().get() + "' is not registered on device '" + target.deviceId() + "'.");
    }
    return device.generationId();
  }

  private static HubException lockLost(IdentityRef identity, LockToken token) {
    return new HubException(ErrorCode.DEVICE_MESSAGE_LOCK_LOST, "No message of " + describe(identity)
        + " is locked by lock token '" + token + "': it was settled already, or its lock expired.");
  }

  private static String describe(IdentityRef identity) {
    return identity.moduleId()
        .map(module -> "module '" + module + "' of device '" + identity.deviceId() + "'")
        .orElse("device '" + identity.deviceId() + "'");
  }
}
