package io.fleethub.core.c2d;

import io.fleethub.core.memory.InMemoryCloudToDeviceStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.TestClock;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.TestIdentities;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A cloud-to-device service over fake stores and a clock that stands still, with a device "thermostat"
 * (generation "gen-1") and its module "sensor" registered. Each test makes its own.
 */
final class C2dFixture {
  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  static final IdentityRef DEVICE = IdentityRef.device(DeviceId.of("thermostat"));
  static final IdentityRef MODULE = IdentityRef.module(DeviceId.of("thermostat"), ModuleId.of("sensor"));
  static final IdentityRef UNKNOWN_DEVICE = IdentityRef.device(DeviceId.of("nobody"));
  static final String GENERATION = "gen-1";

  final TestClock clock = new TestClock(START);
  final InMemoryRegistryStore registry = new InMemoryRegistryStore();
  final InMemoryCloudToDeviceStore store = new InMemoryCloudToDeviceStore();
  final CloudToDeviceService service;

  C2dFixture() {
    this(CloudToDeviceConfig.DEFAULTS);
  }

  C2dFixture(CloudToDeviceConfig config) {
    registry.insertDevice(TestIdentities.device("thermostat", GENERATION, DeviceStatus.ENABLED, Authentication.none()));
    registry.insertModule(TestIdentities.module("thermostat", "sensor", "gen-m", Authentication.none()));
    service = new CloudToDeviceService(store, registry, clock, config);
  }

  static OutgoingMessage text(String body) {
    return OutgoingMessage.of(body.getBytes(StandardCharsets.UTF_8));
  }

  /** A message with id {@code messageId} asking for {@code ack}. */
  static OutgoingMessage acked(String messageId, Acknowledgement ack) {
    return text("body of " + messageId).withProperties(SystemProperties.ofMessageId(messageId)).withAck(ack);
  }

  static String bodyOf(CloudToDeviceMessage message) {
    return new String(message.body(), StandardCharsets.UTF_8);
  }

  /** Receives the next message of {@code identity}, which must have one, and returns its lock token. */
  LockToken receiveToken(IdentityRef identity) {
    return service.receive(identity).orElseThrow().lock().orElseThrow().token();
  }

  /** The cloudToDeviceMessageCount the registry holds for the device. */
  int registeredCount(IdentityRef identity) {
    return identity.moduleId()
        .map(m -> registry.findModule(identity.deviceId(), m).orElseThrow().activity())
        .orElseGet(() -> registry.findDevice(identity.deviceId()).orElseThrow().activity())
        .cloudToDeviceMessageCount();
  }

  /** Every feedback record waiting, taken by locking them all directly in the store (no batching rule). */
  List<FeedbackRecord> pendingFeedback() {
    Instant now = clock.instant();
    return store.lockFeedback(new MessageLock(LockToken.random(), now.plusNanos(1)), Integer.MAX_VALUE, now);
  }
}
