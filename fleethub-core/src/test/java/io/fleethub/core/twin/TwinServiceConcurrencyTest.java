package io.fleethub.core.twin;

import static io.fleethub.core.twin.Json.json;
import static io.fleethub.core.twin.TwinFixture.DEVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.registry.Etag;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Writers that do not run on the device's lane: the store's replace-if-version keeps their writes whole. */
class TwinServiceConcurrencyTest {
  private final TwinFixture fixture = new TwinFixture();
  private final AtomicInteger otherWrites = new AtomicInteger();

  @Test
  void unconditionalPatchThatLosesARaceIsAppliedOnTopOfTheWinner() {
    // GIVEN another writer that stores a tag just before our next replace
    fixture.twins.get(DEVICE);
    fixture.store.interfereWithNextReplaces(1, this::anotherWriterTagsTheTwin);

    // WHEN the service patches the desired properties without a precondition
    Twin twin = fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), Etag.ANY).twin();

    // THEN both writes are in the twin, one version each, and the patch was published at its final version
    assertThat(twin.tags()).isEqualTo(json("{'other': 1}"));
    assertThat(twin.desired().values()).isEqualTo(json("{'fan': 'on'}"));
    assertThat(twin.version()).isEqualTo(3);
    assertThat(fixture.stored(DEVICE)).isEqualTo(twin);
    assertThat(fixture.notified).extracting(DesiredPropertiesChange::version).containsExactly(2L);
    assertThat(fixture.store.replaces()).isEqualTo(3);
  }

  @Test
  void conditionalPatchThatLosesARaceIsRefused() {
    // GIVEN a client that read the etag, and another writer that changes the twin before the client's replace
    Etag read = fixture.twins.get(DEVICE).twin().etag();
    fixture.store.interfereWithNextReplaces(1, this::anotherWriterTagsTheTwin);

    // WHEN the client patches with the etag it read
    HubException refused = catchThrowableOfType(HubException.class,
        () -> fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), read));

    // THEN the retry sees the etag no longer matches: 412, only the other write stored, nothing published
    assertThat(refused.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(fixture.stored(DEVICE).desired().values()).isEqualTo(json("{}"));
    assertThat(fixture.stored(DEVICE).tags()).isEqualTo(json("{'other': 1}"));
    assertThat(fixture.notified).isEmpty();
  }

  @Test
  void reportedPatchBasedOnAVersionThatLosesARaceIsRefused() {
    fixture.twins.get(DEVICE);
    fixture.store.interfereWithNextReplaces(1,
        () -> fixture.twins.updateReported(DEVICE, json("{'other': 1}"), OptionalLong.empty()));

    HubException refused = catchThrowableOfType(HubException.class,
        () -> fixture.twins.updateReported(DEVICE, json("{'mine': 1}"), OptionalLong.of(1)));

    assertThat(refused.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(fixture.stored(DEVICE).reported().values()).isEqualTo(json("{'other': 1}"));
  }

  @Test
  void writeThatKeepsLosingGivesUpAfterTheLastAttempt() {
    // GIVEN another writer that wins every race
    fixture.twins.get(DEVICE);
    fixture.store.interfereWithNextReplaces(TwinService.MAX_ATTEMPTS, this::anotherWriterTagsTheTwin);

    // WHEN the service patches
    HubException refused = catchThrowableOfType(HubException.class,
        () -> fixture.twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), Etag.ANY));

    // THEN it tried MAX_ATTEMPTS times and then failed with 412, asking to try again
    assertThat(refused.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(refused.getMessage()).contains("try again");
    assertThat(otherWrites).hasValue(TwinService.MAX_ATTEMPTS);
    assertThat(fixture.stored(DEVICE).desired().values()).isEqualTo(json("{}"));
  }

  private void anotherWriterTagsTheTwin() {
    fixture.twins.update(DEVICE, TwinUpdate.tags(json("{'other': " + otherWrites.incrementAndGet() + "}")),
        Etag.ANY);
  }
}
