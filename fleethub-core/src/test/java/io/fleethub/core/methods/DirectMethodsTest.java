package io.fleethub.core.methods;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.TestClock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.TestIdentities;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Direct methods as a back end sees them: answers, refusals and timeouts. */
class DirectMethodsTest {
  private static final IdentityRef DEVICE = IdentityRef.device(DeviceId.of("valve"));
  private static final IdentityRef MODULE = IdentityRef.module(DeviceId.of("valve"), ModuleId.of("actuator"));
  private static final IdentityRef OTHER = IdentityRef.device(DeviceId.of("pump"));

  private final InMemoryRegistryStore registry = new InMemoryRegistryStore();
  private final ManualScheduler timers = new ManualScheduler();
  private final TestClock clock = TestClock.at("2026-03-01T12:00:00Z");
  private final HubEvents events = new HubEvents();
  private final DirectMethods methods = new DirectMethods(registry, clock, timers);
  private final List<MethodRequest> delivered = new CopyOnWriteArrayList<>();

  DirectMethodsTest() {
    registry.insertDevice(TestIdentities.device("valve", "g1", DeviceStatus.ENABLED, Authentication.none()));
    registry.insertDevice(TestIdentities.device("pump", "g2", DeviceStatus.ENABLED, Authentication.none()));
    registry.insertModule(TestIdentities.module("valve", "actuator", "g3", Authentication.none()));
    methods.forgetDeletedIdentities(events);
  }

  private static MethodCall call(String name, String payload, int responseSeconds, int connectSeconds) {
    return new MethodCall(name, payload.getBytes(UTF_8), Duration.ofSeconds(responseSeconds),
        Duration.ofSeconds(connectSeconds));
  }

  @Test
  void aSubscribedDeviceGetsTheCallAndItsAnswerReachesTheCaller() {
    // GIVEN a device subscribed to methods
    methods.subscribe(DEVICE, delivered::add);

    // WHEN the back end calls a method and the device answers
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{\"percent\":40}", 30, 0));
    MethodRequest request = delivered.get(0);
    boolean taken = methods.respond(DEVICE, request.requestId(), 201, "{\"opened\":true}".getBytes(UTF_8));

    // THEN the device saw the method and payload, and the caller gets the device's status and payload
    assertThat(request.target()).isEqualTo(DEVICE);
    assertThat(request.methodName()).isEqualTo("open");
    assertThat(new String(request.payload(), UTF_8)).isEqualTo("{\"percent\":40}");
    assertThat(taken).isTrue();
    assertThat(result.join()).isEqualTo(new MethodResult(201, "{\"opened\":true}".getBytes(UTF_8)));
    assertThat(timers.pending()).isZero();
  }

  @Test
  void eachCallHasItsOwnRequestIdAndAnswersMatchTheirCalls() {
    // GIVEN two calls in flight to one device
    methods.subscribe(DEVICE, delivered::add);
    CompletableFuture<MethodResult> first = methods.invoke(DEVICE, call("a", "1", 30, 0));
    CompletableFuture<MethodResult> second = methods.invoke(DEVICE, call("b", "2", 30, 0));

    // WHEN the device answers the second first
    methods.respond(DEVICE, delivered.get(1).requestId(), 200, "\"b\"".getBytes(UTF_8));
    methods.respond(DEVICE, delivered.get(0).requestId(), 200, "\"a\"".getBytes(UTF_8));

    // THEN each caller gets its own answer
    assertThat(delivered.get(0).requestId()).isNotEqualTo(delivered.get(1).requestId());
    assertThat(new String(first.join().payload(), UTF_8)).isEqualTo("\"a\"");
    assertThat(new String(second.join().payload(), UTF_8)).isEqualTo("\"b\"");
  }

  @Test
  void anAnswerFromAnotherIdentityOrASecondAnswerIsIgnored() {
    // GIVEN a call delivered to the device
    methods.subscribe(DEVICE, delivered::add);
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{}", 30, 0));
    MethodRequest request = delivered.get(0);

    // WHEN another device answers with the call's request id
    boolean forged = methods.respond(OTHER, request.requestId(), 200, "{}".getBytes(UTF_8));

    // THEN it is not taken, the call still waits, and the device's own answers count once
    assertThat(forged).isFalse();
    assertThat(result).isNotDone();
    assertThat(methods.respond(DEVICE, request.requestId(), 200, "{}".getBytes(UTF_8))).isTrue();
    assertThat(methods.respond(DEVICE, request.requestId(), 500, "{}".getBytes(UTF_8))).isFalse();
    assertThat(result.join().status()).isEqualTo(200);
  }

  @Test
  void aDeviceThatIsNotSubscribedIsNotOnline() {
    // WHEN the back end calls a registered device that takes no method calls, without a connect timeout
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{}", 30, 0));

    // THEN the call fails at once with 404103 DeviceNotOnline
    assertThat(failureOf(result).code()).isEqualTo(ErrorCode.DEVICE_NOT_ONLINE);
  }

  @Test
  void aCallWaitsForTheDeviceToSubscribeWithinTheConnectTimeout() {
    // GIVEN a call with a 20 s connect timeout to a device not connected yet
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{}", 30, 20));
    timers.advance(Duration.ofSeconds(19));
    assertThat(result).isNotDone();

    // WHEN the device subscribes and answers
    methods.subscribe(DEVICE, delivered::add);
    methods.respond(DEVICE, delivered.get(0).requestId(), 200, "{}".getBytes(UTF_8));

    // THEN the call succeeds, and no connect timeout fires later
    assertThat(result.join().status()).isEqualTo(200);
    timers.advance(Duration.ofMinutes(5));
    assertThat(result.join().status()).isEqualTo(200);
  }

  @Test
  void aDeviceThatDoesNotSubscribeWithinTheConnectTimeoutIsNotOnline() {
    // GIVEN a call with a 10 s connect timeout
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{}", 30, 10));

    // WHEN 10 s pass and only then the device subscribes
    timers.advance(Duration.ofSeconds(10));
    methods.subscribe(DEVICE, delivered::add);

    // THEN the call failed with DeviceNotOnline and the late device is not called
    assertThat(failureOf(result).code()).isEqualTo(ErrorCode.DEVICE_NOT_ONLINE);
    assertThat(delivered).isEmpty();
  }

  @Test
  void aDeviceThatDoesNotAnswerWithinTheResponseTimeoutTimesOut() {
    // GIVEN a delivered call with a 5 s response timeout
    methods.subscribe(DEVICE, delivered::add);
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{}", 5, 0));
    timers.advance(Duration.ofMillis(4999));
    assertThat(result).isNotDone();

    // WHEN the timeout passes and the device answers late
    timers.advance(Duration.ofMillis(1));
    boolean lateAnswerTaken = methods.respond(DEVICE, delivered.get(0).requestId(), 200, "{}".getBytes(UTF_8));

    // THEN the caller got 504101 GatewayTimeout and the late answer is dropped
    assertThat(failureOf(result).code()).isEqualTo(ErrorCode.GATEWAY_TIMEOUT);
    assertThat(lateAnswerTaken).isFalse();
  }

  @Test
  void theLatestSubscriptionTakesTheCallsAndClosingAnOldOneDoesNotRemoveIt() throws Exception {
    // GIVEN a connection that subscribed and was replaced by a new one
    List<MethodRequest> old = new CopyOnWriteArrayList<>();
    AutoCloseable oldSubscription = methods.subscribe(DEVICE, old::add);
    methods.subscribe(DEVICE, delivered::add);

    // WHEN the old connection's subscription closes after the replacement, and a call comes
    oldSubscription.close();
    methods.invoke(DEVICE, call("open", "{}", 30, 0));

    // THEN the new connection gets it
    assertThat(old).isEmpty();
    assertThat(delivered).hasSize(1);
    assertThat(methods.isSubscribed(DEVICE)).isTrue();
  }

  @Test
  void closingTheSubscriptionMakesTheDeviceOffline() throws Exception {
    // GIVEN a device that subscribed and then disconnected
    methods.subscribe(DEVICE, delivered::add).close();

    // WHEN a call comes
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{}", 30, 0));

    // THEN the device is not online
    assertThat(failureOf(result).code()).isEqualTo(ErrorCode.DEVICE_NOT_ONLINE);
    assertThat(methods.isSubscribed(DEVICE)).isFalse();
  }

  @Test
  void modulesAreCalledSeparatelyFromTheirDevice() {
    // GIVEN the device and its module both subscribed
    List<MethodRequest> toModule = new CopyOnWriteArrayList<>();
    methods.subscribe(DEVICE, delivered::add);
    methods.subscribe(MODULE, toModule::add);

    // WHEN the module is called
    methods.invoke(MODULE, call("calibrate", "{}", 30, 0));

    // THEN only the module got it
    assertThat(delivered).isEmpty();
    assertThat(toModule).extracting(MethodRequest::target).containsExactly(MODULE);
  }

  @Test
  void unregisteredIdentitiesAreRefusedAtOnce() {
    assertThatThrownBy(() -> methods.invoke(IdentityRef.device(DeviceId.of("ghost")), call("x", "{}", 30, 0)))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND));
    assertThatThrownBy(() -> methods.invoke(IdentityRef.module(DeviceId.of("valve"), ModuleId.of("ghost")),
        call("x", "{}", 30, 0)))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODULE_NOT_FOUND));
  }

  @Test
  void refusesACalledDeviceAtOnceOnceItIsDeleted() {
    // GIVEN a device and its module called once, so known to be registered
    methods.subscribe(DEVICE, delivered::add);
    methods.subscribe(MODULE, request -> {});
    methods.invoke(DEVICE, call("open", "{}", 30, 0));
    methods.invoke(MODULE, call("open", "{}", 30, 0));

    // WHEN the device is deleted
    registry.deleteDevice(DEVICE.deviceId(), Optional.empty());
    events.publish(new DeviceEvent.Deleted(DEVICE, clock.instant()));

    // THEN calls on it and its module are refused, though both are still subscribed
    assertThat(codeOf(() -> methods.invoke(DEVICE, call("open", "{}", 30, 0)))).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    assertThat(codeOf(() -> methods.invoke(MODULE, call("open", "{}", 30, 0)))).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    assertThat(delivered).hasSize(1);
  }

  @Test
  void seesADeletionItWasNotToldOfWithinAMinute() {
    // GIVEN a device called once
    methods.subscribe(DEVICE, delivered::add);
    methods.invoke(DEVICE, call("open", "{}", 30, 0));

    // WHEN it is deleted from the store with no event (another process sharing it)
    registry.deleteDevice(DEVICE.deviceId(), Optional.empty());
    clock.advance(Duration.ofSeconds(59));
    methods.invoke(DEVICE, call("open", "{}", 30, 0));
    clock.advance(Duration.ofSeconds(1));

    // THEN calls still reach it for the rest of the minute, and are refused after
    assertThat(delivered).hasSize(2);
    assertThat(codeOf(() -> methods.invoke(DEVICE, call("open", "{}", 30, 0)))).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
  }

  @Test
  void aReceiverThatThrowsLeavesTheCallerWithDeviceNotOnline() {
    // GIVEN a subscribed connection that cannot send
    methods.subscribe(DEVICE, request -> {
      throw new IllegalStateException("connection closed");
    });

    // WHEN a call comes, THEN it fails at once instead of waiting for its timeout
    CompletableFuture<MethodResult> result = methods.invoke(DEVICE, call("open", "{}", 30, 0));
    assertThat(failureOf(result).code()).isEqualTo(ErrorCode.DEVICE_NOT_ONLINE);
  }

  @Test
  void callsOutsideIotHubsLimitsAreRefused() {
    assertThat(codeOf(() -> call("open", "{}", 4, 0))).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(codeOf(() -> call("open", "{}", 301, 0))).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(codeOf(() -> call("open", "{}", 30, 301))).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(codeOf(() -> call("", "{}", 30, 0))).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(codeOf(() -> call("a/b", "{}", 30, 0))).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    String tooLarge = "\"" + "x".repeat(MethodCall.MAX_PAYLOAD_BYTES - 1) + "\"";
    assertThat(codeOf(() -> call("open", tooLarge, 30, 0))).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    String largest = "\"" + "x".repeat(MethodCall.MAX_PAYLOAD_BYTES - 2) + "\"";
    assertThat(call("open", largest, 300, 300).payload()).hasSize(MethodCall.MAX_PAYLOAD_BYTES);
  }

  @Test
  void givesEachCallADistinctVersion4RequestId() {
    List<UUID> ids = Stream.generate(DirectMethods::newRequestId).limit(1000).toList();

    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids).allSatisfy(id -> {
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    });
  }

  private static ErrorCode codeOf(Runnable action) {
    try {
      action.run();
    } catch (HubException e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }

  private static HubException failureOf(CompletableFuture<MethodResult> result) {
    assertThat(result).isCompletedExceptionally();
    try {
      result.join();
      throw new AssertionError("did not fail");
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(HubException.class);
      return (HubException) e.getCause();
    }
  }
}
