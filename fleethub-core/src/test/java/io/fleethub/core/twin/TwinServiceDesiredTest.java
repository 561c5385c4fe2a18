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
import io.fleethub.core.registry.Etag;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TwinServiceDesiredTest {
  private static final String LATER_TEXT = "2026-04-05T06:08:08.1234567Z";

  private final TwinFixture fixture = new TwinFixture();

  @Test
  void patchMergesTagsAndDesiredPropertiesAndNullDeletes() {
    // GIVEN a twin with tags and desired properties
    fixture.twins.update(DEVICE, TwinUpdate.of(json("{'site': 'A', 'floor': 1}"),
        json("{'fan': 'on', 'telemetry': {'period': 5, 'unit': 's'}}")), Etag.ANY);

    // WHEN a patch changes one member, adds one, and deletes one in each part
    Twin twin = fixture.twins.update(DEVICE, TwinUpdate.of(json("{'floor': null, 'room': 12}"),
        json("{'telemetry': {'period': 10, 'unit': null}, 'mode': 'eco'}")), Etag.ANY).twin();

    // THEN members the patch did not name are kept
    assertThat(twin.tags()).isEqualTo(json("{'site': 'A', 'room': 12}"));
    assertThat(twin.desired().values()).isEqualTo(json("{'fan': 'on', 'telemetry': {'period': 10}, 'mode': 'eco'}"));
    assertThat(fixture.stored(DEVICE)).isEqualTo(twin);
  }

  @Test
  void everyWriteRaisesTheTwinVersionAndEveryDesiredWriteTheDesiredVersion() {
    // WHEN the service writes desired properties, then tags only, then the same desired value again
    Twin afterDesired = fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), Etag.ANY).twin();
    Twin afterTags = fixture.twins.update(DEVICE, TwinUpdate.tags(json("{'site': 'A'}")), Etag.ANY).twin();
    Twin afterSame = fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), Etag.ANY).twin();

    // THEN the twin version (and etag) moved each time, the desired $version only with desired writes
    assertThat(afterDesired.version()).isEqualTo(2);
    assertThat(afterTags.version()).isEqualTo(3);
    assertThat(afterSame.version()).isEqualTo(4);
    assertThat(afterSame.etag().value()).isEqualTo("AAAAAAAAAAQ=");
    assertThat(afterDesired.desired().version()).isEqualTo(2);
    assertThat(afterTags.desired().version()).isEqualTo(2);
    assertThat(afterSame.desired().version()).isEqualTo(3);
    assertThat(afterSame.reported().version()).isEqualTo(1);
  }

  @Test
  void metadataMovesOnlyOnChangedMembersAndTheObjectsAboveThem() {
    // GIVEN desired properties written at the start
    fixture.twins.update(DEVICE, TwinUpdate.desired(
        json("{'fan': 'on', 'telemetry': {'period': 5, 'unit': 's'}, 'light': {'level': 3}}")), Etag.ANY);

    // WHEN a minute later a patch changes telemetry.period, sets fan to the value it has, and deletes light.level
    fixture.clock.advance(Duration.ofMinutes(1));
    Twin twin = fixture.twins.update(DEVICE, TwinUpdate.desired(
        json("{'fan': 'on', 'telemetry': {'period': 10}, 'light': {'level': null}}")), Etag.ANY).twin();

    // THEN the changed member and its ancestors carry the new time and version; the rest keep theirs
    assertThat(twin.desired().metadata()).isEqualTo(json("{"
        + "'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3,"
        + "'fan': {'$lastUpdated': '" + START_TEXT + "', '$lastUpdatedVersion': 2},"
        + "'telemetry': {'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3,"
        + "  'period': {'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3},"
        + "  'unit': {'$lastUpdated': '" + START_TEXT + "', '$lastUpdatedVersion': 2}},"
        + "'light': {'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3}}"));
    assertThat(twin.desired().values()).isEqualTo(json("{'fan': 'on', 'telemetry': {'period': 10, 'unit': 's'}, "
        + "'light': {}}"));
  }

  @Test
  void valueWrittenWholeGetsMetadataAtEveryLevel() {
    // GIVEN a desired leaf
    fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'config': 1}")), Etag.ANY);

    // WHEN a patch replaces it with an object holding null, which is left out
    fixture.clock.advance(Duration.ofMinutes(1));
    Twin twin = fixture.twins.update(DEVICE,
        TwinUpdate.desired(json("{'config': {'a': {'b': true}, 'gone': null}}")), Etag.ANY).twin();

    // THEN the new object and everything in it are stamped
    assertThat(twin.desired().values()).isEqualTo(json("{'config': {'a': {'b': true}}}"));
    String stamp = "'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3";
    assertThat(twin.desired().metadata()).isEqualTo(json(
        "{" + stamp + ", 'config': {" + stamp + ", 'a': {" + stamp + ", 'b': {" + stamp + "}}}}"));
  }

  @Test
  void nullMembersOfAValueWrittenWholeAreLeftOutEvenInsideArrays() {
    Twin twin = fixture.twins.replace(DEVICE, TwinUpdate.of(json("{'list': [{'a': 1, 'b': null}], 'gone': null}"),
        json("{'schedule': [{'at': '08:00', 'note': null}, [{'x': null}]]}")), Etag.ANY).twin();

    assertThat(twin.tags()).isEqualTo(json("{'list': [{'a': 1}]}"));
    assertThat(twin.desired().values()).isEqualTo(json("{'schedule': [{'at': '08:00'}, [{}]]}"));
  }

  @Test
  void replacementReplacesDesiredPropertiesAndKeepsMetadataOfUnchangedMembers() {
    // GIVEN desired properties and tags
    fixture.twins.update(DEVICE, TwinUpdate.of(json("{'site': 'A'}"),
        json("{'fan': 'on', 'telemetry': {'period': 5, 'unit': 's'}}")), Etag.ANY);

    // WHEN a minute later the service replaces the desired properties only
    fixture.clock.advance(Duration.ofMinutes(1));
    Twin twin = fixture.twins.replace(DEVICE, TwinUpdate.desired(json("{'telemetry': {'period': 5, 'unit': 'ms'}}")),
        Etag.ANY).twin();

    // THEN the old content is gone, tags are untouched, and only changed members were stamped
    assertThat(twin.desired().values()).isEqualTo(json("{'telemetry': {'period': 5, 'unit': 'ms'}}"));
    assertThat(twin.tags()).isEqualTo(json("{'site': 'A'}"));
    assertThat(twin.desired().version()).isEqualTo(3);
    assertThat(twin.desired().metadata()).isEqualTo(json("{"
        + "'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3,"
        + "'telemetry': {'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3,"
        + "  'period': {'$lastUpdated': '" + START_TEXT + "', '$lastUpdatedVersion': 2},"
        + "  'unit': {'$lastUpdated': '" + LATER_TEXT + "', '$lastUpdatedVersion': 3}}}"));
  }

  @Test
  void replacementOfTagsLeavesDesiredPropertiesAndTheirVersionAlone() {
    fixture.twins.update(DEVICE, TwinUpdate.of(json("{'site': 'A', 'floor': 1}"), json("{'fan': 'on'}")),
        Etag.ANY);
    fixture.notified.clear();

    Twin twin = fixture.twins.replace(DEVICE, TwinUpdate.tags(json("{'room': 7}")), Etag.ANY).twin();

    assertThat(twin.tags()).isEqualTo(json("{'room': 7}"));
    assertThat(twin.desired().values()).isEqualTo(json("{'fan': 'on'}"));
    assertThat(twin.desired().version()).isEqualTo(2);
    assertThat(fixture.notified).isEmpty();
  }

  @Test
  void desiredPatchIsPublishedWithItsDeletionsAndTheNewVersion() {
    // GIVEN desired properties
    fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on', 'mode': 'eco'}")), Etag.ANY);
    fixture.notified.clear();

    // WHEN the service patches them
    fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'off', 'mode': null}")), Etag.ANY);

    // THEN the patch went out as sent, $version last, for that device only
    assertThat(fixture.notified).hasSize(1);
    DesiredPropertiesChange change = fixture.notified.get(0);
    assertThat(change.identity()).isEqualTo(DEVICE);
    assertThat(change.version()).isEqualTo(3);
    assertThat(change.patch()).isEqualTo(json("{'fan': 'off', 'mode': null, '$version': 3}"));
    assertThat(change.patch().fieldNames()).toIterable().containsExactly("fan", "mode", "$version");
  }

  @Test
  void desiredReplacementIsPublishedWhole() {
    fixture.twins.update(MODULE, TwinUpdate.desired(json("{'fan': 'on', 'mode': 'eco'}")), Etag.ANY);

    fixture.twins.replace(MODULE, TwinUpdate.desired(json("{'mode': 'boost'}")), Etag.ANY);

    assertThat(fixture.notified).extracting(DesiredPropertiesChange::identity).containsOnly(MODULE);
    assertThat(fixture.notified.get(1).patch()).isEqualTo(json("{'mode': 'boost', '$version': 3}"));
  }

  @Test
  void tagWritesAreNotPublished() {
    fixture.twins.update(DEVICE, TwinUpdate.tags(json("{'site': 'A'}")), Etag.ANY);

    assertThat(fixture.notified).isEmpty();
  }

  @Test
  void staleEtagIsRefusedAndChangesNothing() {
    // GIVEN a twin whose etag a client read, then changed by someone else
    Etag read = fixture.twins.get(DEVICE).twin().etag();
    Twin current = fixture.twins.update(DEVICE, TwinUpdate.tags(json("{'site': 'A'}")), Etag.ANY).twin();
    fixture.notified.clear();

    // WHEN the client patches and replaces with the etag it read
    HubException patch = catchThrowableOfType(HubException.class,
        () -> fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), read));
    HubException replace = catchThrowableOfType(HubException.class,
        () -> fixture.twins.replace(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), read));

    // THEN both fail with 412, saying which etags differ, and nothing was stored or published
    assertThat(patch.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(patch.getMessage()).contains("\"AAAAAAAAAAE=\"", "\"AAAAAAAAAAI=\"", "thermostat");
    assertThat(replace.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(fixture.stored(DEVICE)).isEqualTo(current);
    assertThat(fixture.notified).isEmpty();
  }

  @Test
  void currentEtagQuotedOrNotIsAccepted() {
    Etag current = fixture.twins.get(DEVICE).twin().etag();

    Twin twin = fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")),
        Etag.parse(current.quoted())).twin();

    assertThat(twin.desired().values()).isEqualTo(json("{'fan': 'on'}"));
  }

  @Test
  void readOnlyMembersEchoedAtTheRootAreIgnored() {
    // WHEN a client sends back $version and $metadata it read, beside a change
    Twin twin = fixture.twins.update(DEVICE, TwinUpdate.of(json("{'$version': 9, 'site': 'A'}"),
        json("{'fan': 'on', '$version': 1, '$metadata': {'$lastUpdated': '2020-01-01T00:00:00Z'}}")), Etag.ANY)
        .twin();

    // THEN they are dropped and the change applied
    assertThat(twin.tags()).isEqualTo(json("{'site': 'A'}"));
    assertThat(twin.desired().values()).isEqualTo(json("{'fan': 'on'}"));
    assertThat(twin.desired().version()).isEqualTo(2);
    assertThat(fixture.notified.get(0).patch()).isEqualTo(json("{'fan': 'on', '$version': 2}"));
  }

  @Test
  void otherDollarMembersAreRefused() {
    HubException atRoot = catchThrowableOfType(HubException.class,
        () -> fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'$etag': 'x'}")), Etag.ANY));
    HubException nested = catchThrowableOfType(HubException.class,
        () -> fixture.twins.update(DEVICE, TwinUpdate.tags(json("{'a': {'$version': 1}}")), Etag.ANY));

    assertThat(atRoot.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(atRoot.getMessage()).contains("properties.desired", "'$'");
    assertThat(nested.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(fixture.store.find(DEVICE)).isEmpty();
  }

  @Test
  void emptyPatchStoresNothing() {
    Twin before = fixture.twins.get(DEVICE).twin();

    Twin after = fixture.twins.update(DEVICE, TwinUpdate.of(json("{}"), json("{'$version': 4}")), Etag.ANY).twin();

    assertThat(after).isEqualTo(before);
    assertThat(fixture.store.replaces()).isZero();
    assertThat(fixture.notified).isEmpty();
  }

  @Test
  void tagsMayGrowToEightKilobytesAfterMergingButNotBeyond() {
    // GIVEN tags of 4096 bytes: "a" + 4095 characters
    fixture.twins.update(DEVICE, TwinUpdate.tags(Json.stringOf("a", 4095)), Etag.ANY);

    // WHEN patches bring them to exactly 8192 bytes, then one byte more
    fixture.twins.update(DEVICE, TwinUpdate.tags(Json.stringOf("b", 4095)), Etag.ANY);
    HubException refused = catchThrowableOfType(HubException.class,
        () -> fixture.twins.update(DEVICE, TwinUpdate.tags(json("{'c': ''}")), Etag.ANY));

    // THEN the first is stored and the second refused, leaving the tags as they were
    assertThat(refused.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(refused.getMessage()).contains("tags", "8193");
    assertThat(TwinLimits.sizeOf(fixture.stored(DEVICE).tags())).isEqualTo(8192);
  }

  @Test
  void desiredPropertiesMayBeThirtyTwoKilobytesButNotMore() {
    // GIVEN a replacement of exactly 32768 bytes: eight one-letter names with 4095-character strings
    ObjectNode atLimit = json("{}");
    for (char name = 'd'; name < 'l'; name++) {
      atLimit.put(String.valueOf(name), "x".repeat(4095));
    }

    // WHEN it is stored, then a patch adds five bytes
    Twin twin = fixture.twins.replace(DEVICE, TwinUpdate.desired(atLimit), Etag.ANY).twin();
    HubException refused = catchThrowableOfType(HubException.class,
        () -> fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'l': true}")), Etag.ANY));

    // THEN the replacement was accepted and the patch refused, unpublished
    assertThat(TwinLimits.sizeOf(twin.desired().values())).isEqualTo(32768);
    assertThat(refused.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(refused.getMessage()).contains("properties.desired", "32773");
    assertThat(fixture.notified).hasSize(1);
  }
}
