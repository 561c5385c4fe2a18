package io.fleethub.core.registry;

import io.fleethub.core.memory.InMemoryRegistryStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.TestClock;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceRegistryTest {
  private static final DeviceId D1 = DeviceId.of("d1");
  private static final ModuleId M1 = ModuleId.of("m1");
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final String PRIMARY = "1J7Q/GYFPsIXb6pqOLwL1BIkg1+SSwnWs/FUDhyr3RY=";
  private static final String SECONDARY = "Ia5acWEa0uUDQ+TmnSyUcpkg8U3hmnNscy/D9zYWrYA=";
  private static final String THUMBPRINT = "0123456789ABCDEF0123456789ABCDEF01234567";

  private final TestClock clock = new TestClock(START);
  private final InMemoryRegistryStore store = new InMemoryRegistryStore();
  private final HubEvents events = new HubEvents();
  private final List<DeviceEvent> published = new ArrayList<>();
  private final DeviceRegistry registry = new DeviceRegistry(store, clock, KeyGenerator.secure(), events);

  {
    events.subscribe(published::add);
  }

  @Test
  void publishesCreatedAndDeletedForDevicesAndModules() {
    // WHEN a device and a module are created, then the module and the device deleted
    registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    registry.createModule(ModuleSpec.withGeneratedKeys(D1, M1));
    clock.advance(Duration.ofSeconds(5));
    registry.deleteModule(D1, M1, Etag.ANY);
    registry.deleteDevice(D1, Etag.ANY);

    // THEN each change was published once, in order, at the clock's time
    assertThat(published).containsExactly(
        new DeviceEvent.Created(IdentityRef.device(D1), START),
        new DeviceEvent.Created(IdentityRef.module(D1, M1), START),
        new DeviceEvent.Deleted(IdentityRef.module(D1, M1), START.plusSeconds(5)),
        new DeviceEvent.Deleted(IdentityRef.device(D1), START.plusSeconds(5)));
  }

  @Test
  void publishesNothingForRefusedChanges() {
    // GIVEN a device
    registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    published.clear();

    // WHEN creating it again and deleting it with a stale etag are refused
    catchThrowableOfType(HubException.class, () -> registry.createDevice(DeviceSpec.withGeneratedKeys(D1)));
    catchThrowableOfType(HubException.class, () -> registry.deleteDevice(D1, Etag.ofVersion(99)));

    // THEN no event was published
    assertThat(published).isEmpty();
  }

  @Test
  void createsDeviceWithGeneratedKeysWhenNoneAreGiven() {
    // WHEN
    Device device = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));

    // THEN
    SymmetricKey keys = device.authentication().symmetricKey();
    assertThat(device.authentication().type()).isEqualTo(AuthenticationType.SAS);
    assertThat(keys.isComplete()).isTrue();
    assertThat(Base64.getDecoder().decode(keys.primaryKey().orElseThrow())).hasSize(KeyGenerator.KEY_BYTES);
    assertThat(Base64.getDecoder().decode(keys.secondaryKey().orElseThrow())).hasSize(KeyGenerator.KEY_BYTES);
    assertThat(keys.primaryKey()).isNotEqualTo(keys.secondaryKey());
  }

  @Test
  void keepsTheKeysGivenOnCreate() {
    // WHEN
    Device device = registry.createDevice(spec(D1, DeviceStatus.ENABLED, Authentication.sas(PRIMARY, SECONDARY)));

    // THEN
    assertThat(device.authentication().symmetricKey()).isEqualTo(SymmetricKey.of(PRIMARY, SECONDARY));
    assertThat(registry.getDevice(D1).authentication().symmetricKey()).isEqualTo(SymmetricKey.of(PRIMARY, SECONDARY));
  }

  @Test
  void generatesOnlyTheKeyLeftOutOnCreate() {
    // WHEN
    Device device = registry.createDevice(spec(D1, DeviceStatus.ENABLED, sasWith(Optional.of(PRIMARY), Optional.empty())));

    // THEN
    assertThat(device.authentication().symmetricKey().primaryKey()).contains(PRIMARY);
    assertThat(device.authentication().symmetricKey().secondaryKey()).isPresent().get().isNotEqualTo(PRIMARY);
  }

  @Test
  void createsDeviceAtVersionOneWithAnEighteenDigitGenerationIdAndItsEtag() {
    // WHEN
    Device device = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));

    // THEN
    assertThat(device.version()).isEqualTo(1);
    assertThat(device.generationId()).matches("[0-9]{18}");
    assertThat(device.etag()).isEqualTo(new Etag("MQ=="));
    assertThat(device.statusUpdatedTime()).isEqualTo(START);
    assertThat(device.activity()).isEqualTo(Activity.NONE);
    assertThat(registry.getDevice(D1)).isEqualTo(device);
  }

  @Test
  void refusesSecondDeviceWithTheSameIdAsConflict() {
    // GIVEN
    Device first = registry.createDevice(spec(D1, DeviceStatus.ENABLED, Authentication.sas(PRIMARY, SECONDARY)));

    // WHEN
    HubException refused = refusal(() -> registry.createDevice(DeviceSpec.withGeneratedKeys(D1)));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_ALREADY_EXISTS);
    assertThat(refused.code().httpStatus()).isEqualTo(409);
    assertThat(refused).hasMessageContaining("'d1' already exists");
    assertThat(registry.getDevice(D1)).isEqualTo(first);
  }

  @Test
  void treatsIdsThatDifferOnlyInCaseAsDifferentDevices() {
    // GIVEN
    registry.createDevice(DeviceSpec.withGeneratedKeys(DeviceId.of("Sensor")));

    // WHEN
    Device lower = registry.createDevice(DeviceSpec.withGeneratedKeys(DeviceId.of("sensor")));

    // THEN
    assertThat(lower.id().value()).isEqualTo("sensor");
    assertThat(registry.listDevices(10)).hasSize(2);
  }

  @Test
  void updatesDeviceWithWildcardEtag() {
    // GIVEN
    Device created = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));

    // WHEN
    Device updated = registry.updateDevice(spec(D1, DeviceStatus.DISABLED, Authentication.generatedSas()), Etag.ANY);

    // THEN
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.etag()).isNotEqualTo(created.etag());
    assertThat(updated.status()).isEqualTo(DeviceStatus.DISABLED);
    assertThat(updated.generationId()).isEqualTo(created.generationId());
    assertThat(registry.getDevice(D1)).isEqualTo(updated);
  }

  @Test
  void updatesDeviceWhoseEtagMatches() {
    // GIVEN
    Device created = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    Etag ifMatch = Etag.parse(created.etag().quoted());

    // WHEN
    Device updated = registry.updateDevice(spec(D1, DeviceStatus.DISABLED, Authentication.generatedSas()), ifMatch);

    // THEN
    assertThat(updated.version()).isEqualTo(2);
    assertThat(registry.getDevice(D1).status()).isEqualTo(DeviceStatus.DISABLED);
  }

  @Test
  void refusesUpdateWithStaleEtagAsPreconditionFailed() {
    // GIVEN
    Device created = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    Device current = registry.updateDevice(spec(D1, DeviceStatus.ENABLED, Authentication.generatedSas()), Etag.ANY);

    // WHEN
    HubException refused = refusal(() ->
        registry.updateDevice(spec(D1, DeviceStatus.DISABLED, Authentication.generatedSas()), created.etag()));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(refused.code().httpStatus()).isEqualTo(412);
    assertThat(refused).hasMessageContaining(created.etag().quoted());
    assertThat(registry.getDevice(D1)).isEqualTo(current);
  }

  @Test
  void refusesUpdateOfUnknownDeviceAsNotFound() {
    HubException refused = refusal(() -> registry.updateDevice(DeviceSpec.withGeneratedKeys(D1), Etag.ANY));

    assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
  }

  @Test
  void keepsStoredKeysWhenAnUpdateLeavesThemOut() {
    // GIVEN
    registry.createDevice(spec(D1, DeviceStatus.ENABLED, Authentication.sas(PRIMARY, SECONDARY)));

    // WHEN
    Device updated = registry.updateDevice(spec(D1, DeviceStatus.DISABLED, Authentication.generatedSas()), Etag.ANY);

    // THEN
    assertThat(updated.authentication().symmetricKey()).isEqualTo(SymmetricKey.of(PRIMARY, SECONDARY));
  }

  @Test
  void replacesOnlyTheKeyAnUpdateGives() {
    // GIVEN
    registry.createDevice(spec(D1, DeviceStatus.ENABLED, Authentication.sas(PRIMARY, SECONDARY)));

    // WHEN
    Device updated = registry.updateDevice(
        spec(D1, DeviceStatus.ENABLED, sasWith(Optional.empty(), Optional.of(PRIMARY))), Etag.ANY);

    // THEN
    assertThat(updated.authentication().symmetricKey()).isEqualTo(SymmetricKey.of(PRIMARY, PRIMARY));
  }

  @Test
  void keepsStatusUpdatedTimeWhenTheStatusStaysTheSame() {
    // GIVEN
    registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    clock.advance(Duration.ofMinutes(10));

    // WHEN
    Device updated = registry.updateDevice(spec(D1, DeviceStatus.ENABLED, Authentication.generatedSas()), Etag.ANY);

    // THEN
    assertThat(updated.statusUpdatedTime()).isEqualTo(START);
  }

  @Test
  void setsStatusUpdatedTimeWhenTheStatusChanges() {
    // GIVEN
    registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    clock.advance(Duration.ofMinutes(10));

    // WHEN
    Device updated = registry.updateDevice(spec(D1, DeviceStatus.DISABLED, Authentication.generatedSas()), Etag.ANY);

    // THEN
    assertThat(updated.statusUpdatedTime()).isEqualTo(START.plus(Duration.ofMinutes(10)));
  }

  @Test
  void refusesSelfSignedDeviceWithoutThumbprintsAsBadRequest() {
    // GIVEN
    Authentication noThumbprints =
        new Authentication(AuthenticationType.SELF_SIGNED, SymmetricKey.GENERATE, X509Thumbprint.NONE);

    // WHEN
    HubException refused = refusal(() -> registry.createDevice(spec(D1, DeviceStatus.ENABLED, noThumbprints)));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(refused.code().httpStatus()).isEqualTo(400);
    assertThat(refused).hasMessageContaining("thumbprint");
    assertThat(store.findDevice(D1)).isEmpty();
  }

  @Test
  void createsSelfSignedDeviceWithOneThumbprintAndNoKeys() {
    // WHEN
    Device device = registry.createDevice(
        spec(D1, DeviceStatus.ENABLED, Authentication.selfSigned(THUMBPRINT.toLowerCase(), null)));

    // THEN
    assertThat(device.authentication().type()).isEqualTo(AuthenticationType.SELF_SIGNED);
    assertThat(device.authentication().x509Thumbprint().primaryThumbprint()).contains(THUMBPRINT);
    assertThat(device.authentication().symmetricKey().primaryKey()).isEmpty();
  }

  @Test
  void deletesDeviceTogetherWithItsModules() {
    // GIVEN
    registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    registry.createModule(ModuleSpec.withGeneratedKeys(D1, M1));

    // WHEN
    registry.deleteDevice(D1, Etag.ANY);

    // THEN
    assertThat(store.findDevice(D1)).isEmpty();
    assertThat(store.listModules(D1)).isEmpty();
    assertThat(refusal(() -> registry.getModule(D1, M1)).code()).isEqualTo(ErrorCode.MODULE_NOT_FOUND);
  }

  @Test
  void recreatedDeviceHasNoModulesAndANewGenerationId() {
    // GIVEN
    Device first = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    registry.createModule(ModuleSpec.withGeneratedKeys(D1, M1));
    registry.deleteDevice(D1, first.etag());
    clock.advance(Duration.ofSeconds(1));

    // WHEN
    Device second = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));

    // THEN
    assertThat(second.generationId()).isNotEqualTo(first.generationId());
    assertThat(registry.listModules(D1)).isEmpty();
  }

  @Test
  void refusesDeleteWithStaleEtagAndKeepsTheDevice() {
    // GIVEN
    Device created = registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    registry.updateDevice(spec(D1, DeviceStatus.DISABLED, Authentication.generatedSas()), Etag.ANY);

    // WHEN
    HubException refused = refusal(() -> registry.deleteDevice(D1, created.etag()));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(store.findDevice(D1)).isPresent();
  }

  @Test
  void refusesModuleOnMissingDeviceAsDeviceNotFound() {
    // WHEN
    HubException refused = refusal(() -> registry.createModule(ModuleSpec.withGeneratedKeys(D1, M1)));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    assertThat(refused.code().httpStatus()).isEqualTo(404);
    assertThat(store.findModule(D1, M1)).isEmpty();
  }

  @Test
  void createsModuleWithGeneratedKeysAtVersionOne() {
    // GIVEN
    registry.createDevice(DeviceSpec.withGeneratedKeys(D1));

    // WHEN
    Module module = registry.createModule(ModuleSpec.withGeneratedKeys(D1, M1));

    // THEN
    assertThat(module.version()).isEqualTo(1);
    assertThat(module.generationId()).matches("[0-9]{18}");
    assertThat(module.authentication().symmetricKey().isComplete()).isTrue();
    assertThat(registry.listModules(D1)).containsExactly(module);
  }

  @Test
  void refusesSecondModuleWithTheSameIdOnADeviceAsConflict() {
    // GIVEN
    registry.createDevice(DeviceSpec.withGeneratedKeys(D1));
    registry.createModule(ModuleSpec.withGeneratedKeys(D1, M1));

    // WHEN
    HubException refused = refusal(() -> registry.createModule(ModuleSpec.withGeneratedKeys(D1, M1)));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.MODULE_ALREADY_EXISTS_ON_DEVICE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, DeviceRegistry.MAX_PAGE_SIZE + 1})
  void refusesDevicePageSizeOutsideOneToAThousand(int top) {
    // WHEN
    HubException refused = refusal(() -> registry.listDevices(top));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_INVALID_RESULT_COUNT);
    assertThat(refused.code().httpStatus()).isEqualTo(400);
    assertThat(refused).hasMessageContaining("between 1 and 1000, not " + top);
  }

  @Test
  void listsAtMostTopDevicesInIdOrder() {
    // GIVEN
    List.of("c", "a", "b").forEach(id -> registry.createDevice(DeviceSpec.withGeneratedKeys(DeviceId.of(id))));

    // WHEN
    List<Device> firstTwo = registry.listDevices(2);

    // THEN
    assertThat(firstTwo).extracting(d -> d.id().value()).containsExactly("a", "b");
  }

  @Test
  void listsAThousandDevicesInOnePage() {
    // GIVEN
    IntStream.rangeClosed(1, 1001).forEach(i ->
        registry.createDevice(DeviceSpec.withGeneratedKeys(DeviceId.of(String.format("d%04d", i)))));

    // WHEN
    List<Device> page = registry.listDevices(DeviceRegistry.MAX_PAGE_SIZE);

    // THEN
    assertThat(page).hasSize(1000);
    assertThat(registry.listDevices(1)).extracting(d -> d.id().value()).containsExactly("d0001");
  }

  private static DeviceSpec spec(DeviceId id, DeviceStatus status, Authentication authentication) {
    return new DeviceSpec(id, status, Optional.empty(), authentication, false, Optional.empty(), List.of());
  }

  private static Authentication sasWith(Optional<String> primary, Optional<String> secondary) {
    return new Authentication(AuthenticationType.SAS, new SymmetricKey(primary, secondary), X509Thumbprint.NONE);
  }

  private static HubException refusal(ThrowingCallable call) {
    HubException refused = catchThrowableOfType(HubException.class, call);
    assertThat(refused).as("a HubException").isNotNull();
    return refused;
  }
}
