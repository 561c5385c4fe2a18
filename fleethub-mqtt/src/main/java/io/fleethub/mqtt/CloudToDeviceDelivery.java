package io.fleethub.mqtt;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the identity's cloud-to-device messages while the device is subscribed to its
 * {@code messages/devicebound/#} topic, messages queued while it was away included.
 *
 * <ul>
 *   <li>Each message is received from the {@link CloudToDeviceService} (which locks it for a minute) and published
 *       on {@code {prefix}messages/devicebound/{bag}} ({@link DeviceboundBag}). At QoS 1 the device's PUBACK
 *       completes it. At most {@code window} messages wait for their PUBACK; the next is received when one
 *       arrives.
 *   <li>A message whose lock expires without a PUBACK is offered again: it is received anew (with a new packet id)
 *       once the hub's clock passes the lock, checked at least every {@code clockCheckInterval}. A late PUBACK for
 *       the old packet id is ignored.
 *   <li>When the device unsubscribes or the connection ends, the messages it was sent and has not acknowledged are
 *       abandoned, so the next connection gets them at once; as on IoT Hub, that counts as a delivery.
 *   <li>A device subscribed at QoS 0 gets each message at QoS 0, completed as it is sent: at most once.
 * </ul>
 *
 * <p>The service's announcements ({@link CloudToDeviceService#onMessageAvailable}) arrive on the sender's thread and
 * are handed to the connection's context; receives and settlements run on the device's lane, one receive at a
 * time. Confined to the connection's context otherwise.
 */
final class CloudToDeviceDelivery implements SubscriptionFeature {
  private static final Logger log = LoggerFactory.getLogger(CloudToDeviceDelivery.class);

  private final Vertx vertx;
  private final Context context;
  private final IdentityRef identity;
  private final DeviceTopics topics;
  private final CloudToDeviceService service;
  private final DeviceLane lane;
  private final OutboundPublishes outbound;
  private final Clock clock;
  private final int window;
  private final Duration clockCheckInterval;
  /** The messages sent at QoS 1 and not acknowledged, by lock token, in the order they were sent. */
  private final Map<LockToken, Delivery> unacknowledged = new LinkedHashMap<>();
  private AutoCloseable announcements;
  private MqttQoS qos = MqttQoS.AT_LEAST_ONCE;
  private boolean receiving;
  private boolean lookAgain;
  private long timer = -1;

  /** A message sent at QoS 1, waiting for its PUBACK. */
  private record Delivery(LockToken token, Instant lockedUntil, int packetId) {}

  CloudToDeviceDelivery(Vertx vertx, Context context, IdentityRef identity, DeviceTopics topics,
      CloudToDeviceService service, DeviceLane lane, OutboundPublishes outbound, Clock clock, int window,
      Duration clockCheckInterval) {
    this.vertx = vertx;
    this.context = context;
    this.identity = identity;
    this.topics = topics;
    this.service = service;
    this.lane = lane;
    this.outbound = outbound;
    this.clock = clock;
    this.window = window;
    this.clockCheckInterval = clockCheckInterval;
  }

  @Override
  public void subscribed(MqttQoS qos) {
    this.qos = qos;
    if (announcements == null) {
      announcements = service.onMessageAvailable(identity, () -> context.runOnContext(nothing -> receiveNext()));
      receiveNext();
    }
  }

  @Override
  public void unsubscribed() {
    if (announcements == null) {
      return;
    }
    Closing.quietly(announcements, "cloud-to-device announcements of " + identity);
    announcements = null;
    vertx.cancelTimer(timer);
    timer = -1;
    List<LockToken> tokens = new ArrayList<>(unacknowledged.keySet());
    unacknowledged.clear();
    abandon(tokens);
  }

  /** Receives the next message unless one is being received, or the window is full (a PUBACK tries again). */
  private void receiveNext() {
    if (announcements == null) {
      return;
    }
    if (receiving) {
      lookAgain = true;
      return;
    }
    boolean atMostOnce = qos == MqttQoS.AT_MOST_ONCE;
    if (!atMostOnce && unacknowledged.size() >= window) {
      return;
    }
    receiving = true;
    lookAgain = false;
    lane.submit(identity, () -> receive(atMostOnce)).whenComplete((message, failure) ->
        context.runOnContext(nothing -> onReceived(message, failure, atMostOnce)));
  }

  /** On the lane: the next message, locked; completed at once for a QoS 0 subscription. */
  private Optional<CloudToDeviceMessage> receive(boolean atMostOnce) {
    Optional<CloudToDeviceMessage> message = service.receive(identity);
    if (atMostOnce) {
      message.ifPresent(m -> service.complete(identity, lockOf(m).token()));
    }
    return message;
  }

  private void onReceived(Optional<CloudToDeviceMessage> received, Throwable failure, boolean atMostOnce) {
    receiving = false;
    if (failure != null) {
      log.warn("Could not receive a cloud-to-device message for {}; trying again in {}", identity,
          clockCheckInterval, unwrap(failure));
      armTimer(clockCheckInterval);
      return;
    }
    if (received.isEmpty()) {
      if (lookAgain) {
        receiveNext();
      }
      return;
    }
    CloudToDeviceMessage message = received.get();
    if (announcements == null) {
      if (!atMostOnce) {
        abandon(List.of(lockOf(message).token()));
      }
      return;
    }
    send(message, atMostOnce);
    receiveNext();
  }

  private void send(CloudToDeviceMessage message, boolean atMostOnce) {
    String topic = topics.cloudToDevice(DeviceboundBag.of(message));
    if (atMostOnce) {
      outbound.publish(topic, MqttQoS.AT_MOST_ONCE, message.body());
      return;
    }
    MessageLock lock = lockOf(message);
    int packetId = outbound.publishAtLeastOnce(topic, message.body(), () -> acknowledged(lock.token()));
    if (packetId < 0) {
      abandon(List.of(lock.token()));
      return;
    }
    unacknowledged.put(lock.token(), new Delivery(lock.token(), lock.lockedUntil(), packetId));
    armTimer(untilFirstLockExpires());
  }

  /** The device's PUBACK: completes the message, unless its lock expired or it was abandoned meanwhile. */
  private void acknowledged(LockToken token) {
    if (unacknowledged.remove(token) == null) {
      return;
    }
    lane.submit(identity, () -> {
      service.complete(identity, token);
      return null;
    }).whenComplete((nothing, failure) -> {
      if (failure != null) {
        logSettlementFailure("complete", token, unwrap(failure));
      }
    });
    receiveNext();
  }

  private void abandon(List<LockToken> tokens) {
    if (tokens.isEmpty()) {
      return;
    }
    lane.submit(identity, () -> {
      for (LockToken token : tokens) {
        try {
          service.abandon(identity, token);
        } catch (RuntimeException e) {
          logSettlementFailure("abandon", token, e);
        }
      }
      return null;
    }).whenComplete((nothing, failure) -> {
      if (failure != null) {
        log.warn("Could not abandon the {} unacknowledged cloud-to-device messages of {}; they are offered again "
            + "when their locks expire", tokens.size(), identity, unwrap(failure));
      }
    });
  }

  private Duration untilFirstLockExpires() {
    Instant first = unacknowledged.values().stream().map(Delivery::lockedUntil).min(Instant::compareTo)
        .orElseThrow();
    return Duration.between(clock.instant(), first);
  }

  /**
   * Arms the one timer, unless it is armed already, for {@code delay} but at most the clock check interval. When
   * it fires, the messages whose lock has expired are dropped from the window, and the next message is received.
   */
  private void armTimer(Duration delay) {
    if (timer != -1 || announcements == null) {
      return;
    }
    long millis = Math.max(1, Math.min(delay.toMillis(), clockCheckInterval.toMillis()));
    timer = vertx.setTimer(millis, id -> {
      timer = -1;
      expireLocks();
      receiveNext();
      if (!unacknowledged.isEmpty()) {
        armTimer(untilFirstLockExpires());
      }
    });
  }

  private void expireLocks() {
    Instant now = clock.instant();
    unacknowledged.values().removeIf(delivery -> {
      if (now.isBefore(delivery.lockedUntil())) {
        return false;
      }
      log.debug("Cloud-to-device message (packet id {}) of {} was not acknowledged before its lock expired; "
          + "offering it again", delivery.packetId(), identity);
      outbound.forget(delivery.packetId());
      return true;
    });
  }

  private void logSettlementFailure(String action, LockToken token, Throwable failure) {
    if (failure instanceof HubException refused && refused.code() == ErrorCode.DEVICE_MESSAGE_LOCK_LOST) {
      log.debug("Could not {} cloud-to-device message {} of {}: its lock expired", action, token, identity);
    } else {
      log.warn("Could not {} cloud-to-device message {} of {}", action, token, identity, failure);
    }
  }

  private static MessageLock lockOf(CloudToDeviceMessage message) {
    return message.lock().orElseThrow(() -> new IllegalStateException("a received message carries its lock"));
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
