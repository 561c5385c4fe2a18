package io.fleethub.core.c2d;

import static io.fleethub.core.c2d.C2dFixture.DEVICE;
import static io.fleethub.core.c2d.C2dFixture.GENERATION;
import static io.fleethub.core.c2d.C2dFixture.MODULE;
import static io.fleethub.core.c2d.C2dFixture.START;
import static io.fleethub.core.c2d.C2dFixture.acked;
import static io.fleethub.core.c2d.C2dFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fleethub.core.identity.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which outcome produces which feedback record, for each acknowledgement a sender may ask for. */
class CloudToDeviceFeedbackTest {
  private final C2dFixture hub = new C2dFixture();

  /** Every outcome with every acknowledgement, and whether a record is due. */
  static Stream<Arguments> outcomesByAcknowledgement() {
    return Stream.of(FeedbackStatus.values()).flatMap(status -> Stream.of(Acknowledgement.values())
        .map(ack -> Arguments.of(status, ack, switch (ack) {
          case NONE -> false;
          case POSITIVE -> status == FeedbackStatus.SUCCESS;
          case NEGATIVE -> status != FeedbackStatus.SUCCESS;
          case FULL -> true;
        })));
  }

  @ParameterizedTest(name = "{0} with iothub-ack={1}: feedback {2}")
  @MethodSource("outcomesByAcknowledgement")
  void eachOutcomeProducesItsRecordExactlyWhenTheAcknowledgementAsksForIt(
      FeedbackStatus outcome, Acknowledgement ack, boolean expected) {
    // GIVEN a message with an id, sent asking for the acknowledgement
    hub.service.send(DEVICE, acked("mid-1", ack));

    // WHEN it ends in the outcome
    Instant outcomeTime = bringAbout(outcome);

    // THEN exactly the expected record is waiting
    List<FeedbackRecord> records = hub.pendingFeedback();
    if (expected) {
      assertThat(records).containsExactly(new FeedbackRecord(Optional.of("mid-1"), outcomeTime, outcome,
          outcome.wireName(), DeviceId.of("thermostat"), GENERATION));
    } else {
      assertThat(records).isEmpty();
    }
  }

  @Test
  void aMessageWithoutIdStillProducesFeedbackWithoutAnOriginalMessageId() {
    hub.service.send(MODULE, text("anonymous").withAck(Acknowledgement.FULL));

    hub.service.complete(MODULE, hub.receiveToken(MODULE));

    assertThat(hub.pendingFeedback()).containsExactly(new FeedbackRecord(Optional.empty(), START,
        FeedbackStatus.SUCCESS, "Success", DeviceId.of("thermostat"), GENERATION));
  }

  @Test
  void anAbandonBelowTheLimitProducesNoFeedback() {
    hub.service.send(DEVICE, acked("mid-1", Acknowledgement.FULL));

    hub.service.abandon(DEVICE, hub.receiveToken(DEVICE));

    assertThat(hub.pendingFeedback()).isEmpty();
  }

  @Test
  void acknowledgementWireNamesParseIgnoringCase() {
    assertThat(Acknowledgement.fromWireName("full")).isEqualTo(Acknowledgement.FULL);
    assertThat(Acknowledgement.fromWireName("Negative")).isEqualTo(Acknowledgement.NEGATIVE);
    assertThat(catchThrowable(() -> Acknowledgement.fromWireName("always")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Makes the one queued message of the device end in {@code outcome}; returns when the outcome happened. */
  private Instant bringAbout(FeedbackStatus outcome) {
    hub.clock.advance(Duration.ofSeconds(5));
    switch (outcome) {
      case SUCCESS -> hub.service.complete(DEVICE, hub.receiveToken(DEVICE));
      case REJECTED -> hub.service.reject(DEVICE, hub.receiveToken(DEVICE));
      case PURGED -> hub.service.purge(DEVICE);
      case DELIVERY_COUNT_EXCEEDED -> {
        for (int i = 0; i < CloudToDeviceConfig.DEFAULTS.maxDeliveryCount(); i++) {
          hub.service.abandon(DEVICE, hub.receiveToken(DEVICE));
        }
      }
      case EXPIRED -> {
        Instant expiry = START.plus(Duration.ofHours(1));
        hub.clock.advance(Duration.ofHours(2));
        hub.service.expire();
        return expiry;
      }
      default -> throw new IllegalArgumentException(outcome.toString());
    }
    return hub.clock.instant();
  }
}
