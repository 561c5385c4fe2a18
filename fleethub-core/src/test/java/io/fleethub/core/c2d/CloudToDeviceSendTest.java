package io.fleethub.core.c2d;

import static io.fleethub.core.c2d.C2dFixture.DEVICE;
import static io.fleethub.core.c2d.C2dFixture.GENERATION;
import static io.fleethub.core.c2d.C2dFixture.MODULE;
import static io.fleethub.core.c2d.C2dFixture.START;
import static io.fleethub.core.c2d.C2dFixture.UNKNOWN_DEVICE;
import static io.fleethub.core.c2d.C2dFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sending: what the hub accepts into a queue, and what it makes of it. */
class CloudToDeviceSendTest {
  private final C2dFixture hub = new C2dFixture();

  @Test
  void queuesTheMessageAsSentWithTheHubsTimesAndTheDevicesGeneration() {
    // GIVEN a message with properties and feedback requested
    OutgoingMessage sent = text("open the valve")
        .withProperties(new SystemProperties(Optional.of("m-1"), Optional.of("c-1"), Optional.of("backend"),
            Optional.of("text/plain"), Optional.of("utf-8")))
        .withApplicationProperties(Map.of("priority", "high"))
        .withAck(Acknowledgement.FULL);

    // WHEN it is sent to the module
    CloudToDeviceMessage queued = hub.service.send(MODULE, sent);

    // THEN the module's queue holds it, stamped now, expiring after the default hour, never delivered
    assertThat(queued).isEqualTo(new CloudToDeviceMessage(MODULE, GENERATION, sent.body(), sent.properties(),
        Map.of("priority", "high"), Acknowledgement.FULL, START, START.plus(Duration.ofHours(1)), 0,
        Optional.empty()));
    assertThat(queued.to()).isEqualTo("/devices/thermostat/modules/sensor/messages/devicebound");
    assertThat(hub.service.receive(MODULE).orElseThrow().withoutLock()).isEqualTo(queued);
    assertThat(hub.service.receive(DEVICE)).isEmpty();
  }

  @Test
  void acceptsAMessageOfExactly64KibCountingPropertiesAndRefusesOneByteMore() {
    // GIVEN properties and a body that together bill exactly 65536 bytes
    Map<String, String> properties = Map.of("key", "value");
    int overhead = "m".length() + "key".length() + "value".length() + "iothub-ack".length() + "full".length();
    OutgoingMessage exact = OutgoingMessage.of(new byte[65536 - overhead])
        .withProperties(SystemProperties.ofMessageId("m")).withApplicationProperties(properties)
        .withAck(Acknowledgement.FULL);
    OutgoingMessage oneMore = exact.withApplicationProperties(Map.of("key", "value!"));

    // WHEN both are sent
    hub.service.send(DEVICE, exact);
    HubException refused = catchThrowableOfType(HubException.class, () -> hub.service.send(DEVICE, oneMore));

    // THEN only the second is refused as too large, and only the first is queued
    assertThat(exact.billedSize()).isEqualTo(65536);
    assertThat(refused.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    assertThat(refused).hasMessageContaining("65537");
    assertThat(hub.service.depth(DEVICE)).isEqualTo(1);
  }

  @Test
  void billedSizeCountsUtf8BytesOfBodyPropertyValuesAndApplicationPropertyNamesAndValues() {
    OutgoingMessage message = OutgoingMessage.of(new byte[10])
        .withProperties(new SystemProperties(Optional.of("ü"), Optional.of("ab"), Optional.empty(),
            Optional.of("t"), Optional.empty()))
        .withApplicationProperties(Map.of("ß", "xyz"));

    assertThat(message.billedSize()).isEqualTo(10 + 2 + 2 + 1 + 2 + 3);
  }

  @Test
  void takesTheSendersExpiryAndCapsItAtTwoDays() {
    // WHEN one message expires in five minutes and another in three days
    CloudToDeviceMessage soon = hub.service.send(DEVICE, text("soon").withExpiryTime(START.plusSeconds(300)));
    CloudToDeviceMessage far = hub.service.send(DEVICE, text("far").withExpiryTime(START.plus(Duration.ofDays(3))));

    // THEN the first keeps its expiry and the second lives the longest IoT Hub allows
    assertThat(soon.expiryTime()).isEqualTo(START.plusSeconds(300));
    assertThat(far.expiryTime()).isEqualTo(START.plus(Duration.ofDays(2)));
  }

  @Test
  void refusesAnExpiryThatIsNotAfterNow() {
    HubException atNow = catchThrowableOfType(HubException.class,
        () -> hub.service.send(DEVICE, text("late").withExpiryTime(START)));
    CloudToDeviceMessage justAfter = hub.service.send(DEVICE, text("just").withExpiryTime(START.plusMillis(1)));

    assertThat(atNow.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(justAfter.expiryTime()).isEqualTo(START.plusMillis(1));
    assertThat(hub.service.depth(DEVICE)).isEqualTo(1);
  }

  @Test
  void usesTheConfiguredDefaultTimeToLive() {
    C2dFixture shortLived = new C2dFixture(
        new CloudToDeviceConfig(Duration.ofMinutes(1), 10, Duration.ofHours(1), 10, Duration.ofSeconds(60)));

    CloudToDeviceMessage queued = shortLived.service.send(DEVICE, text("brief"));

    assertThat(queued.expiryTime()).isEqualTo(START.plus(Duration.ofMinutes(1)));
  }

  @Test
  void refusesUnknownDevicesAndModules() {
    IdentityRef unknownModule = IdentityRef.module(DeviceId.of("thermostat"), ModuleId.of("nothing"));

    HubException device = catchThrowableOfType(HubException.class, () -> hub.service.send(UNKNOWN_DEVICE, text("x")));
    HubException module = catchThrowableOfType(HubException.class, () -> hub.service.send(unknownModule, text("x")));

    assertThat(device.code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    assertThat(module.code()).isEqualTo(ErrorCode.MODULE_NOT_FOUND);
    assertThat(hub.store.depth(UNKNOWN_DEVICE, START)).isZero();
  }

  @Test
  void acceptsFiftyMessagesAndRefusesTheFiftyFirstWithQueueDepthExceeded() {
    // GIVEN 50 queued messages, one of them locked by a receiver
    for (int i = 0; i < 50; i++) {
      hub.service.send(DEVICE, text("message " + i));
    }
    hub.service.receive(DEVICE);

    // WHEN the 51st is sent
    HubException refused = catchThrowableOfType(HubException.class, () -> hub.service.send(DEVICE, text("one more")));

    // THEN it is refused with IoT Hub's 403004, and the module's own queue is unaffected
    assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED);
    assertThat(refused.code().number()).isEqualTo(403004);
    assertThat(refused.code().httpStatus()).isEqualTo(403);
    assertThat(hub.service.depth(DEVICE)).isEqualTo(50);
    hub.service.send(MODULE, text("for the module"));
  }

  @Test
  void expiredMessagesNoLongerCountTowardsTheDepthLimit() {
    // GIVEN a full queue of messages that expire in a minute
    for (int i = 0; i < 50; i++) {
      hub.service.send(DEVICE, text("short " + i).withExpiryTime(START.plusSeconds(60)));
    }

    // WHEN the minute passes
    hub.clock.advance(Duration.ofMinutes(1));

    // THEN another message is accepted
    hub.service.send(DEVICE, text("fresh"));
    assertThat(hub.service.depth(DEVICE)).isEqualTo(1);
  }

  @Test
  void recordsTheQueueDepthInTheRegistry() {
    hub.service.send(DEVICE, text("one"));
    hub.service.send(DEVICE, text("two"));
    hub.service.send(MODULE, text("three"));

    assertThat(hub.registeredCount(DEVICE)).isEqualTo(2);
    assertThat(hub.registeredCount(MODULE)).isEqualTo(1);
  }

  @Test
  void announcesASentMessageToTheListenersOfItsTargetOnly() throws Exception {
    // GIVEN listeners on the device and on its module
    List<String> announced = new ArrayList<>();
    AutoCloseable deviceListener = hub.service.onMessageAvailable(DEVICE, () -> announced.add("device"));
    hub.service.onMessageAvailable(MODULE, () -> announced.add("module"));

    // WHEN messages go to the device, then its listener unsubscribes and another goes
    hub.service.send(DEVICE, text("one"));
    deviceListener.close();
    hub.service.send(DEVICE, text("two"));
    hub.service.send(MODULE, text("three"));

    // THEN each listener heard only its own, while subscribed
    assertThat(announced).containsExactly("device", "module");
  }

  @Test
  void aFailingListenerDoesNotFailTheSend() {
    hub.service.onMessageAvailable(DEVICE, () -> {
      throw new IllegalStateException("listener bug");
    });

    hub.service.send(DEVICE, text("still queued"));

    assertThat(hub.service.depth(DEVICE)).isEqualTo(1);
  }
}
