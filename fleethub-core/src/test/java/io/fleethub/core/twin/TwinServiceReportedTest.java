package io.fleethub.core.twin;

import static io.fleethub.core.twin.Json.json;
import static io.fleethub.core.twin.TwinFixture.DEVICE;
import static io.fleethub.core.twin.TwinFixture.MODULE;
import static io.fleethub.core.twin.TwinFixture.START_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TwinServiceReportedTest {
  private static final String LATER_TEXT = "2026-04-05T06:07:18.1234567Z";

  private final TwinFixture fixture = new TwinFixture();

  @Test
  void reportedPatchMergesAndAnswersTheNewVersion() {
    // GIVEN reported properties
    long first = fixture.twins.updateReported(DEVICE, json("{'battery': 80, 'net': {'type': 'wifi', 'rssi': -50}}"),
        OptionalLong.empty());

    // WHEN the device reports a change, a deletion and an addition
    long second = fixture.twins.updateReported(DEVICE, json("{'battery': 79, 'net': {'rssi': null}, 'fw': '1.2'}"),
        OptionalLong.empty());

    // THEN the versions count the patches and the content is merged
    assertThat(first).isEqualTo(2);
    assertThat(second).isEqualTo(3);
    Twin twin = fixture.stored(DEVICE);
    assertThat(twin.reported().values()).isEqualTo(json("{'battery': 79, 'net': {'type': 'wifi'}, 'fw': '1.2'}"));
    assertThat(twin.reported().version()).isEqualTo(3);
    assertThat(twin.version()).isEqualTo(3);
    assertThat(twin.desired().version()).isEqualTo(1);
  }

  @Test
  void reportedMetadataHasTimesButNoVersions() {
    fixture.twins.updateReported(DEVICE, json("{'battery': 80, 'net': {'type': 'wifi'}}"), OptionalLong.empty());
    fixture.clock.advance(Duration.ofSeconds(10));

    fixture.twins.updateReported(DEVICE, json("{'battery': 79}"), OptionalLong.empty());

    assertThat(fixture.stored(DEVICE).reported().metadata()).isEqualTo(json("{"
        + "'$lastUpdated': '" + LATER_TEXT + "',"
        + "'battery': {'$lastUpdated': '" + LATER_TEXT + "'},"
        + "'net': {'$lastUpdated': '" + START_TEXT + "', 'type': {'$lastUpdated': '" + START_TEXT + "'}}}"));
  }

  @Test
  void patchBasedOnTheCurrentVersionIsAccepted() {
    long version = fixture.twins.updateReported(DEVICE, json("{'a': 1}"), OptionalLong.empty());

    long next = fixture.twins.updateReported(DEVICE, json("{'a': 2}"), OptionalLong.of(version));

    assertThat(next).isEqualTo(version + 1);
    assertThat(fixture.stored(DEVICE).reported().values()).isEqualTo(json("{'a': 2}"));
  }

  @Test
  void patchBasedOnAnotherVersionIsRefusedWithPreconditionFailed() {
    // GIVEN reported properties at $version 2
    fixture.twins.updateReported(DEVICE, json("{'a': 1}"), OptionalLong.empty());
    Twin before = fixture.stored(DEVICE);

    // WHEN the device reports based on $version 1, and on a version not reached yet
    HubException stale = catchThrowableOfType(HubException.class,
        () -> fixture.twins.updateReported(DEVICE, json("{'a': 2}"), OptionalLong.of(1)));
    HubException future = catchThrowableOfType(HubException.class,
        () -> fixture.twins.updateReported(DEVICE, json("{'a': 2}"), OptionalLong.of(3)));

    // THEN both are refused with 412 naming both versions, and nothing changed
    assertThat(stale.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(stale.getMessage()).contains("$version 2", "not 1");
    assertThat(future.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(fixture.stored(DEVICE)).isEqualTo(before);
  }

  @Test
  void reportedPatchesAreNotPublishedToTheDevice() {
    fixture.twins.updateReported(MODULE, json("{'a': 1}"), OptionalLong.empty());

    assertThat(fixture.notified).isEmpty();
  }

  @Test
  void emptyPatchChangesNoVersion() {
    long version = fixture.twins.updateReported(DEVICE, json("{'$version': 7}"), OptionalLong.empty());

    assertThat(version).isEqualTo(1);
    assertThat(fixture.store.replaces()).isZero();
  }

  @Test
  void dollarMembersAndOversizedValuesAreRefused() {
    HubException dollar = catchThrowableOfType(HubException.class,
        () -> fixture.twins.updateReported(DEVICE, json("{'$iothub': 1}"), OptionalLong.empty()));
    HubException string = catchThrowableOfType(HubException.class,
        () -> fixture.twins.updateReported(DEVICE, Json.stringOf("s", 4097), OptionalLong.empty()));

    assertThat(dollar.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(dollar.getMessage()).contains("properties.reported");
    assertThat(string.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(fixture.store.find(DEVICE)).isEmpty();
  }

  @Test
  void reportedPropertiesMayBeThirtyTwoKilobytesButNotMore() {
    // GIVEN reported properties of 32767 bytes, written over eight patches
    for (char name = 'a'; name < 'h'; name++) {
      fixture.twins.updateReported(DEVICE, Json.stringOf(String.valueOf(name), 4095), OptionalLong.empty());
    }
    fixture.twins.updateReported(DEVICE, Json.stringOf("h", 4094), OptionalLong.empty());

    // WHEN a patch would add one byte, and another two
    fixture.twins.updateReported(DEVICE, json("{'h': '" + "x".repeat(4095) + "'}"), OptionalLong.empty());
    HubException refused = catchThrowableOfType(HubException.class,
        () -> fixture.twins.updateReported(DEVICE, json("{'i': ''}"), OptionalLong.empty()));

    // THEN the section reached exactly 32768 bytes and the next byte was refused
    ObjectNode reported = fixture.stored(DEVICE).reported().values();
    assertThat(TwinLimits.sizeOf(reported)).isEqualTo(32768);
    assertThat(refused.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(refused.getMessage()).contains("properties.reported", "32769");
  }
}
