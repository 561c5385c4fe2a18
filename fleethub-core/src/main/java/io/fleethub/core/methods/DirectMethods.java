package io.fleethub.core.methods;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.RegistryStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's direct methods: a back end calls a method on a device or module and waits for its answer.
 *
 * <p>A call goes to the identity's {@link MethodReceiver}, the connection that last {@link #subscribe subscribed}
 * (IoT Hub holds one connection per identity). With no receiver, the call waits up to its connect timeout for one
 * and then fails with {@link ErrorCode#DEVICE_NOT_ONLINE} (404103). Once delivered, it waits up to its response
 * timeout for {@link #respond} and then fails with {@link ErrorCode#GATEWAY_TIMEOUT} (504101). A call for an
 * unregistered identity fails at once with {@link ErrorCode#DEVICE_NOT_FOUND} or {@link ErrorCode#MODULE_NOT_FOUND};
 * an identity found registered is trusted to be for up to a minute, or until {@link #forgetDeletedIdentities}
 * hears it was deleted.
 * Calls are kept in memory only: a restart fails nobody's call but answers none either, as the caller's HTTP
 * request goes with the process.
 *
 * <p>Thread-safe. {@link #invoke} may block on the registry store; everything else returns at once. The returned
 * futures complete on the answering connection's thread or the timer thread, so their callbacks must not block.
 */
public final class DirectMethods {
  private static final Logger log = LoggerFactory.getLogger(DirectMethods.class);

  private final RegisteredIdentities registered;
  private final ScheduledExecutorService timers;
  private final ConcurrentHashMap<IdentityRef, MethodReceiver> receivers = new ConcurrentHashMap<>();
  /** Lists changed only inside the map's atomic compute calls. */
  private final ConcurrentHashMap<IdentityRef, List<WaitingCall>> waitingForReceiver = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PendingKey, CompletableFuture<MethodResult>> awaitingAnswer =
      new ConcurrentHashMap<>();

  /** @param timers runs the timeouts; its tasks only complete futures */
  public DirectMethods(RegistryStore registry, Clock clock, ScheduledExecutorService timers) {
    this.registered = new RegisteredIdentities(registry, clock);
    this.timers = Objects.requireNonNull(timers, "timers");
  }

  private record WaitingCall(MethodCall call, CompletableFuture<MethodResult> result) {}

  private record PendingKey(IdentityRef identity, UUID requestId) {}

  /**
   * Makes {@code receiver} the identity's method receiver, replacing any earlier one, and hands it the calls
   * waiting for the identity to connect. Closing the handle unregisters it (unless another replaced it already);
   * calls already handed to it still wait for their answer.
   */
  public AutoCloseable subscribe(IdentityRef identity, MethodReceiver receiver) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(receiver, "receiver");
    receivers.put(identity, receiver);
    List<WaitingCall> waiting = waitingForReceiver.remove(identity);
    if (waiting != null) {
      waiting.forEach(call -> send(identity, call.call(), receiver, call.result()));
    }
    return () -> receivers.remove(identity, receiver);
  }

  /**
   * Makes every {@link DeviceEvent.Deleted} event forget that the identity (a device with its modules) was
   * registered, so that the next call on it fails with DeviceNotFound; closing the handle stops it.
   */
  public AutoCloseable forgetDeletedIdentities(HubEvents events) {
    return events.subscribe(event -> {
      if (event instanceof DeviceEvent.Deleted deleted) {
        registered.deleted(deleted.identity());
      }
    });
  }

  /** True when a connection of the identity takes method calls now. */
  public boolean isSubscribed(IdentityRef identity) {
    return receivers.containsKey(identity);
  }

  /**
   * Calls a method on a device or module. The future completes with the device's answer, or exceptionally with
   * a {@link HubException} as the class comment says; an unregistered identity throws at once.
   */
  public CompletableFuture<MethodResult> invoke(IdentityRef target, MethodCall call) {
    Objects.requireNonNull(call, "call");
    registered.require(target);
    CompletableFuture<MethodResult> result = new CompletableFuture<>();
    MethodReceiver receiver = receivers.get(target);
    if (receiver != null) {
      send(target, call, receiver, result);
      return result;
    }
    if (call.connectTimeout().isZero()) {
      result.completeExceptionally(notOnline(target));
      return result;
    }
    WaitingCall waiting = new WaitingCall(call, result);
    waitingForReceiver.compute(target, (key, list) -> {
      List<WaitingCall> calls = list == null ? new ArrayList<>() : list;
      calls.add(waiting);
      return calls;
    });
    var timeout = timers.schedule(() -> {
      if (stopWaiting(target, waiting)) {
        result.completeExceptionally(notOnline(target));
      }
    }, call.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    result.whenComplete((answer, failure) -> timeout.cancel(false));
    // A receiver that subscribed between the look-up above and the registration of the waiting call missed it.
    MethodReceiver late = receivers.get(target);
    if (late != null && stopWaiting(target, waiting)) {
      send(target, call, late, result);
    }
    return result;
  }

  /**
   * Completes a delivered call with the device's answer. Returns false, changing nothing, when the identity has
   * no call with that request id waiting (unknown, already answered, timed out, or another identity's).
   */
  public boolean respond(IdentityRef identity, UUID requestId, int status, byte[] payload) {
    CompletableFuture<MethodResult> result = awaitingAnswer.remove(new PendingKey(identity, requestId));
    if (result == null) {
      return false;
    }
    return result.complete(new MethodResult(status, payload));
  }

  private void send(IdentityRef target, MethodCall call, MethodReceiver receiver,
      CompletableFuture<MethodResult> result) {
    UUID requestId = newRequestId();
    PendingKey key = new PendingKey(target, requestId);
    awaitingAnswer.put(key, result);
    var timeout = timers.schedule(() -> {
      if (awaitingAnswer.remove(key, result)) {
        result.completeExceptionally(new HubException(ErrorCode.GATEWAY_TIMEOUT, "Timed out waiting for the "
            + "response from " + describe(target) + " to method '" + call.methodName() + "' after "
            + call.responseTimeout().toSeconds() + " s."));
      }
    }, call.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    result.whenComplete((answer, failure) -> timeout.cancel(false));
    try {
      receiver.deliver(new MethodRequest(target, requestId, call.methodName(), call.payload()));
    } catch (RuntimeException e) {
      log.warn("Could not hand method '{}' to {}", call.methodName(), describe(target), e);
      if (awaitingAnswer.remove(key, result)) {
        result.completeExceptionally(notOnline(target));
      }
    }
  }

  /**
   * A random (version 4) UUID from a fast generator. Request ids must be unique, not secret: an answer counts only
   * from the identity the call went to. {@link UUID#randomUUID} draws on the shared SecureRandom, which showed
   * in profiles at 1,000 calls/s.
   */
  static UUID newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
    return new UUID(high, low);
  }

  private boolean stopWaiting(IdentityRef target, WaitingCall waiting) {
    boolean[] removed = {false};
    waitingForReceiver.computeIfPresent(target, (key, list) -> {
      removed[0] = list.remove(waiting);
      return list.isEmpty() ? null : list;
    });
    return removed[0];
  }

  private static HubException notOnline(IdentityRef target) {
    return new HubException(ErrorCode.DEVICE_NOT_ONLINE, "Timed out waiting for " + describe(target)
        + " to connect and subscribe to direct methods.");
  }

  private static String describe(IdentityRef identity) {
    return identity.moduleId()
        .map(moduleId -> "module '" + moduleId + "' of device '" + identity.deviceId() + "'")
        .orElse("device '" + identity.deviceId() + "'");
  }
}
