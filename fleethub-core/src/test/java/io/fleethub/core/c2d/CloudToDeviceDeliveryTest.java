package io.fleethub.core.c2d;

import static io.fleethub.core.c2d.C2dFixture.DEVICE;
import static io.fleethub.core.c2d.C2dFixture.MODULE;
import static io.fleethub.core.c2d.C2dFixture.START;
import static io.fleethub.core.c2d.C2dFixture.UNKNOWN_DEVICE;
import static io.fleethub.core.c2d.C2dFixture.bodyOf;
import static io.fleethub.core.c2d.C2dFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Delivering: locks, complete, abandon, reject, expiry and purge, as a device and the service see them. */
class CloudToDeviceDeliveryTest {
  private final C2dFixture hub = new C2dFixture();

  @Test
  void receiveLocksTheOldestMessageForOneMinute() {
    hub.service.send(DEVICE, text("first"));
    hub.service.send(DEVICE, text("second"));

    CloudToDeviceMessage received = hub.service.receive(DEVICE).orElseThrow();

    assertThat(bodyOf(received)).isEqualTo("first");
    assertThat(received.lock().orElseThrow().lockedUntil()).isEqualTo(START.plusSeconds(60));
    assertThat(bodyOf(hub.service.receive(DEVICE).orElseThrow())).as("the next one, while the first is locked")
        .isEqualTo("second");
    assertThat(hub.service.receive(DEVICE)).isEmpty();
  }

  @Test
  void aMessageWhoseLockExpiresIsDeliveredAgainWithoutCountingADelivery() {
    // GIVEN a received message that the device never settles
    hub.service.send(DEVICE, text("forgotten"));
    LockToken first = hub.receiveToken(DEVICE);

    // WHEN 59 seconds pass, and then the minute
    hub.clock.advance(Duration.ofSeconds(59));
    boolean stillLocked = hub.service.receive(DEVICE).isEmpty();
    hub.clock.advance(Duration.ofSeconds(1));
    CloudToDeviceMessage again = hub.service.receive(DEVICE).orElseThrow();

    // THEN it stays locked for the minute, then comes back under a new lock with its delivery count unchanged
    assertThat(stillLocked).isTrue();
    assertThat(again.lock().orElseThrow().token()).isNotEqualTo(first);
    assertThat(again.deliveryCount()).isZero();
  }

  @Test
  void completeRemovesTheMessageAndLowersTheRegisteredCount() {
    hub.service.send(DEVICE, text("done"));
    LockToken token = hub.receiveToken(DEVICE);

    hub.service.complete(DEVICE, token);

    assertThat(hub.service.depth(DEVICE)).isZero();
    assertThat(hub.registeredCount(DEVICE)).isZero();
    assertThat(hub.service.receive(DEVICE)).isEmpty();
  }

  @Test
  void settlingAfterTheLockExpiredFailsWithLockLost() {
    // GIVEN a message received more than a minute ago
    hub.service.send(DEVICE, text("slow"));
    LockToken token = hub.receiveToken(DEVICE);
    hub.clock.advance(Duration.ofSeconds(60));

    // WHEN the device completes, abandons or rejects it
    HubException completed = catchThrowableOfType(HubException.class, () -> hub.service.complete(DEVICE, token));
    HubException abandoned = catchThrowableOfType(HubException.class, () -> hub.service.abandon(DEVICE, token));
    HubException rejected = catchThrowableOfType(HubException.class, () -> hub.service.reject(DEVICE, token));

    // THEN each fails with IoT Hub's 412002 and the message stays queued
    assertThat(completed.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
    assertThat(completed.code().number()).isEqualTo(412002);
    assertThat(abandoned.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
    assertThat(rejected.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
    assertThat(hub.service.depth(DEVICE)).isEqualTo(1);
  }

  @Test
  void aTokenOfAnotherIdentityOrAnUnknownTokenIsLockLost() {
    hub.service.send(DEVICE, text("mine"));
    LockToken token = hub.receiveToken(DEVICE);

    HubException otherIdentity = catchThrowableOfType(HubException.class, () -> hub.service.complete(MODULE, token));
    HubException unknown = catchThrowableOfType(HubException.class,
        () -> hub.service.complete(DEVICE, new LockToken("f0000000-0000-0000-0000-000000000000")));

    assertThat(otherIdentity.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
    assertThat(unknown.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
    hub.service.complete(DEVICE, token);
  }

  @Test
  void abandonPutsTheMessageBackFirstCountsTheDeliveryAndAnnouncesIt() {
    // GIVEN two queued messages, the first received, and a listener on the device
    hub.service.send(DEVICE, text("retry me"));
    hub.service.send(DEVICE, text("after"));
    LockToken token = hub.receiveToken(DEVICE);
    AtomicInteger announcements = new AtomicInteger();
    hub.service.onMessageAvailable(DEVICE, announcements::incrementAndGet);

    // WHEN the device abandons it
    hub.service.abandon(DEVICE, token);

    // THEN it is announced and delivered next, with one delivery counted
    CloudToDeviceMessage again = hub.service.receive(DEVICE).orElseThrow();
    assertThat(announcements).hasValue(1);
    assertThat(bodyOf(again)).isEqualTo("retry me");
    assertThat(again.deliveryCount()).isEqualTo(1);
  }

  @Test
  void theTenthAbandonDeadLettersTheMessageByDefault() {
    hub.service.send(DEVICE, text("poison"));
    for (int i = 1; i <= 9; i++) {
      hub.service.abandon(DEVICE, hub.receiveToken(DEVICE));
    }
    CloudToDeviceMessage ninthTime = hub.service.receive(DEVICE).orElseThrow();

    hub.service.abandon(DEVICE, ninthTime.lock().orElseThrow().token());

    assertThat(ninthTime.deliveryCount()).isEqualTo(9);
    assertThat(hub.service.receive(DEVICE)).isEmpty();
    assertThat(hub.service.depth(DEVICE)).isZero();
    assertThat(hub.registeredCount(DEVICE)).isZero();
  }

  @Test
  void aMaxDeliveryCountOfOneDeadLettersOnTheFirstAbandon() {
    C2dFixture strict = new C2dFixture(
        new CloudToDeviceConfig(Duration.ofHours(1), 1, Duration.ofHours(1), 10, Duration.ofSeconds(60)));
    strict.service.send(DEVICE, text("once"));

    strict.service.abandon(DEVICE, strict.receiveToken(DEVICE));

    assertThat(strict.service.depth(DEVICE)).isZero();
  }

  @Test
  void rejectRemovesTheMessage() {
    hub.service.send(DEVICE, text("unwanted"));

    hub.service.reject(DEVICE, hub.receiveToken(DEVICE));

    assertThat(hub.service.depth(DEVICE)).isZero();
    assertThat(hub.registeredCount(DEVICE)).isZero();
  }

  @Test
  void anExpiredMessageIsNeitherDeliveredNorCounted() {
    // GIVEN a message that lives ten minutes
    hub.service.send(DEVICE, text("perishable").withExpiryTime(START.plus(Duration.ofMinutes(10))));

    // WHEN the clock reaches its expiry
    hub.clock.advance(Duration.ofMinutes(10));

    // THEN the device no longer gets it
    assertThat(hub.service.receive(DEVICE)).isEmpty();
    assertThat(hub.service.depth(DEVICE)).isZero();
  }

  @Test
  void expireRemovesExpiredMessagesOfEveryQueueAndRecordsTheirDepth() {
    // GIVEN expiring messages for the device and the module, and one that lives on
    hub.service.send(DEVICE, text("a").withExpiryTime(START.plusSeconds(30)));
    hub.service.send(MODULE, text("b").withExpiryTime(START.plusSeconds(30)));
    hub.service.send(DEVICE, text("c"));

    // WHEN the clock passes their expiry and the sweep runs
    hub.clock.advance(Duration.ofSeconds(30));
    int expired = hub.service.expire();

    // THEN both are gone, the registry counts what remains, and a second sweep finds nothing
    assertThat(expired).isEqualTo(2);
    assertThat(hub.registeredCount(DEVICE)).isEqualTo(1);
    assertThat(hub.registeredCount(MODULE)).isZero();
    assertThat(hub.service.expire()).isZero();
  }

  @Test
  void expireSweepsInBatchesUntilNothingExpiredIsLeft() {
    C2dFixture many = new C2dFixture();
    int count = CloudToDeviceService.EXPIRY_BATCH + 1;
    for (int i = 0; i < count; i++) {
      many.store.enqueue(new CloudToDeviceMessage(DEVICE, "gen-1", new byte[0], SystemProperties.NONE,
          Map.of(), Acknowledgement.NONE, START, START.plusSeconds(1), 0, Optional.empty()),
          Integer.MAX_VALUE, START);
    }
    many.clock.advance(Duration.ofSeconds(1));

    assertThat(many.service.expire()).isEqualTo(count);
  }

  @Test
  void aLockedMessageIsNotSweptUntilItsLockExpires() {
    hub.service.send(DEVICE, text("in hand").withExpiryTime(START.plusSeconds(30)));
    LockToken token = hub.receiveToken(DEVICE);
    hub.clock.advance(Duration.ofSeconds(30));

    int sweptWhileLocked = hub.service.expire();
    hub.service.complete(DEVICE, token);

    assertThat(sweptWhileLocked).isZero();
    assertThat(hub.service.depth(DEVICE)).isZero();
  }

  @Test
  void purgeEmptiesTheQueueLockedMessagesIncludedAndSaysHowMany() {
    hub.service.send(DEVICE, text("one"));
    hub.service.send(DEVICE, text("two"));
    hub.service.send(MODULE, text("module's"));
    LockToken token = hub.receiveToken(DEVICE);

    int purged = hub.service.purge(DEVICE);

    assertThat(purged).isEqualTo(2);
    assertThat(hub.service.depth(DEVICE)).isZero();
    assertThat(hub.registeredCount(DEVICE)).isZero();
    assertThat(hub.service.depth(MODULE)).isEqualTo(1);
    assertThat(catchThrowableOfType(HubException.class, () -> hub.service.complete(DEVICE, token)).code())
        .isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
  }

  @Test
  void purgeOfAnUnknownDeviceIsDeviceNotFound() {
    HubException refused = catchThrowableOfType(HubException.class, () -> hub.service.purge(UNKNOWN_DEVICE));

    assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
  }

  @Test
  void deletingADeviceDropsItsQueuesAndItsModulesWithoutFeedback() throws Exception {
    // GIVEN queued messages asking for full feedback, and deletions wired to the device lanes
    hub.service.send(DEVICE, C2dFixture.acked("d", Acknowledgement.FULL));
    hub.service.send(MODULE, C2dFixture.acked("m", Acknowledgement.FULL));
    HubEvents events = new HubEvents();
    try (DeviceExecutors lanes = new DeviceExecutors(2)) {
      hub.service.dropQueuesOfDeletedIdentities(events, lanes);

      // WHEN the device's deletion is published
      events.publish(new DeviceEvent.Deleted(DEVICE, START));
      lanes.submit(DEVICE.deviceId(), () -> null).get();
    }

    // THEN both queues are empty and no feedback was produced
    assertThat(hub.store.depth(DEVICE, START)).isZero();
    assertThat(hub.store.depth(MODULE, START)).isZero();
    assertThat(hub.pendingFeedback()).isEmpty();
  }

  @Test
  void deletingAModuleDropsOnlyItsQueue() {
    hub.service.send(DEVICE, text("device's"));
    hub.service.send(MODULE, text("module's"));

    hub.service.identityDeleted(MODULE);

    assertThat(hub.store.depth(MODULE, START)).isZero();
    assertThat(hub.store.depth(DEVICE, START)).isEqualTo(1);
  }
}
