package io.fleethub.core.twin;

import static io.fleethub.core.twin.Json.json;
import static io.fleethub.core.twin.TwinFixture.DEVICE;
import static io.fleethub.core.twin.TwinFixture.DEVICE_ID;
import static io.fleethub.core.twin.TwinFixture.MODULE;
import static io.fleethub.core.twin.TwinFixture.START_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Etag;
import java.time.Duration;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TwinServiceReadTest {
  private final TwinFixture fixture = new TwinFixture();

  @Test
  void newDeviceHasAnEmptyTwinAtVersionOneStampedWhenFirstRead() {
    // WHEN the service reads the twin of a device nobody wrote to
    Twin twin = fixture.twins.get(DEVICE).twin();

    // THEN it is empty, every version is 1, and both sections were last updated now, with seven digits
    assertThat(twin.version()).isEqualTo(1);
    assertThat(twin.etag().value()).isEqualTo("AAAAAAAAAAE=");
    assertThat(twin.tags()).isEqualTo(json("{}"));
    assertThat(twin.desired().toServiceJson()).isEqualTo(json(
        "{'$metadata': {'$lastUpdated': '" + START_TEXT + "', '$lastUpdatedVersion': 1}, '$version': 1}"));
    assertThat(twin.reported().toServiceJson()).isEqualTo(json(
        "{'$metadata': {'$lastUpdated': '" + START_TEXT + "'}, '$version': 1}"));
  }

  @Test
  void aTwinReadAgainLaterIsTheSameTwin() {
    // GIVEN a twin read once
    Twin first = fixture.twins.get(DEVICE).twin();

    // WHEN it is read again an hour later
    fixture.clock.advance(Duration.ofHours(1));
    Twin second = fixture.twins.get(DEVICE).twin();

    // THEN nothing changed: the first read stored it
    assertThat(second).isEqualTo(first);
    assertThat(fixture.stored(DEVICE)).isEqualTo(first);
  }

  @Test
  void deviceReadsDesiredAndReportedWithVersionsButNoTagsOrMetadata() {
    // GIVEN a twin with tags and both kinds of properties
    fixture.twins.update(DEVICE, TwinUpdate.of(json("{'site': 'A'}"), json("{'fan': 'on'}")), Etag.ANY);
    fixture.twins.updateReported(DEVICE, json("{'fan': 'off'}"), OptionalLong.empty());

    // WHEN the device reads its twin
    ObjectNode body = fixture.twins.deviceTwin(DEVICE);

    // THEN it gets the shape IoT Hub answers $iothub/twin/GET with
    assertThat(body).isEqualTo(json(
        "{'desired': {'fan': 'on', '$version': 2}, 'reported': {'fan': 'off', '$version': 2}}"));
  }

  @Test
  void moduleTwinIsSeparateFromItsDevicesTwin() {
    // GIVEN a desired property written to the module's twin
    fixture.twins.update(MODULE, TwinUpdate.desired(json("{'rate': 5}")), Etag.ANY);

    // WHEN both twins are read
    Twin device = fixture.twins.get(DEVICE).twin();
    Twin module = fixture.twins.get(MODULE).twin();

    // THEN only the module's has it
    assertThat(module.desired().values()).isEqualTo(json("{'rate': 5}"));
    assertThat(module.identity()).isEqualTo(MODULE);
    assertThat(device.desired().values()).isEqualTo(json("{}"));
  }

  @Test
  void unknownDeviceOrModuleIsNotFound() {
    IdentityRef unknownDevice = IdentityRef.device(DeviceId.of("nobody"));
    IdentityRef unknownModule = IdentityRef.module(DEVICE_ID, ModuleId.of("nothing"));
    IdentityRef moduleOfUnknownDevice = IdentityRef.module(DeviceId.of("nobody"), ModuleId.of("sensor"));

    assertThat(refusal(() -> fixture.twins.get(unknownDevice)).code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    assertThat(refusal(() -> fixture.twins.deviceTwin(unknownDevice)).code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    HubException module = refusal(() -> fixture.twins.get(unknownModule));
    assertThat(module.code()).isEqualTo(ErrorCode.MODULE_NOT_FOUND);
    assertThat(module.getMessage()).contains("nothing", "thermostat");
    assertThat(refusal(() -> fixture.twins.get(moduleOfUnknownDevice)).code())
        .isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    assertThat(fixture.store.find(unknownDevice)).isEmpty();
  }

  @Test
  void reCreatedDeviceGetsANewEmptyTwinNotTheOneItsPredecessorLeft() {
    // GIVEN a twin with content, left in the store when its device was deleted and re-created under the same id
    fixture.twins.update(DEVICE, TwinUpdate.of(json("{'old': true}"), json("{'old': true}")), Etag.ANY);
    long oldVersion = fixture.stored(DEVICE).version();
    fixture.recreateDevice();
    fixture.clock.advance(Duration.ofMinutes(1));

    // WHEN the new device's twin is read
    Twin twin = fixture.twins.get(DEVICE).twin();

    // THEN it is empty and new, above the old version so that no writer of the old twin can replace it
    assertThat(twin.generationId()).isEqualTo("generation-2");
    assertThat(twin.tags()).isEqualTo(json("{}"));
    assertThat(twin.desired().values()).isEqualTo(json("{}"));
    assertThat(twin.desired().version()).isEqualTo(1);
    assertThat(twin.version()).isEqualTo(oldVersion + 1);
    assertThat(fixture.stored(DEVICE)).isEqualTo(twin);
  }

  @Test
  void serviceTwinCarriesTheRegistryRecordItWasReadWith() {
    ServiceTwin twin = fixture.twins.get(MODULE);

    assertThat(twin.identity()).isEqualTo(TwinIdentity.of(fixture.module()));
  }

  private static HubException refusal(ThrowingCallable call) {
    HubException refused = catchThrowableOfType(HubException.class, call);
    assertThat(refused).isNotNull();
    return refused;
  }
}
