package io.fleethub.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fleethub.core.TestClock;
import io.fleethub.core.auth.DeviceAuthMethod;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.FakeEventLog;
import io.fleethub.core.eventlog.FakeEventLog.Append;
import io.fleethub.core.eventlog.Partitioner;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TelemetryServiceTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:34:56.789Z");
  private static final String GENERATION = "638700000000000001";
  private static final String SAS_DEVICE_STAMP =
      "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}";
  private static final DevicePrincipal D1 = new DevicePrincipal(
      IdentityRef.device(DeviceId.of("d1")), GENERATION, DeviceAuthMethod.IDENTITY_KEY, Optional.empty());
  private static final DevicePrincipal D1_M1 = new DevicePrincipal(
      IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1")), "638700000000000002", DeviceAuthMethod.IDENTITY_KEY,
      Optional.empty());

  private final TestClock clock = new TestClock(NOW);
  private final FakeEventLog log = new FakeEventLog(4);
  private final TelemetryService telemetry = new TelemetryService(log, clock);

  @Test
  void stampsDeviceMessageWithSenderAuthMethodGenerationEnqueuedTimeAndSource() {
    // GIVEN
    DeviceMessage message = new DeviceMessage(bytes("{\"t\":21}"),
        Map.of(MessageProperties.MESSAGE_ID, "m-1", MessageProperties.CONTENT_TYPE, "application/json"),
        Map.of("alert", "high"));

    // WHEN
    telemetry.send(D1, message);

    // THEN
    EventData event = onlyAppend().event();
    assertThat(event.systemProperties()).containsOnly(
        entry(MessageProperties.MESSAGE_ID, "m-1"),
        entry(MessageProperties.CONTENT_TYPE, "application/json"),
        entry(MessageProperties.CONNECTION_DEVICE_ID, "d1"),
        entry(MessageProperties.CONNECTION_AUTH_METHOD, SAS_DEVICE_STAMP),
        entry(MessageProperties.CONNECTION_AUTH_GENERATION_ID, GENERATION),
        entry(MessageProperties.ENQUEUED_TIME, "2026-03-01T12:34:56.789Z"),
        entry(MessageProperties.MESSAGE_SOURCE, "Telemetry"));
    assertThat(event.applicationProperties()).containsOnly(entry("alert", "high"));
    assertThat(event.body()).isEqualTo(bytes("{\"t\":21}"));
    assertThat(event.enqueuedTime()).isEqualTo(NOW);
    assertThat(event.partitionKey()).isEqualTo("d1");
  }

  @Test
  void stampsModuleIdOnlyForModuleSenders() {
    // WHEN
    telemetry.send(D1_M1, new DeviceMessage(bytes("x"), Map.of(), Map.of()));

    // THEN
    Map<String, String> stamped = onlyAppend().event().systemProperties();
    assertThat(stamped)
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "d1")
        .containsEntry(MessageProperties.CONNECTION_MODULE_ID, "m1")
        .containsEntry(MessageProperties.CONNECTION_AUTH_GENERATION_ID, "638700000000000002");
    assertThat(stamped.get(MessageProperties.CONNECTION_AUTH_METHOD)).contains("\"scope\":\"module\"");
  }

  @Test
  void replacesStampsTheSenderTriedToSetItself() {
    // GIVEN a device claiming to be another device, a module, another generation and another time
    DeviceMessage spoofed = new DeviceMessage(bytes("x"), Map.of(
        MessageProperties.CONNECTION_DEVICE_ID, "d2",
        MessageProperties.CONNECTION_MODULE_ID, "m9",
        MessageProperties.CONNECTION_AUTH_GENERATION_ID, "1",
        MessageProperties.CONNECTION_AUTH_METHOD, "{\"scope\":\"hub\"}",
        MessageProperties.ENQUEUED_TIME, "2000-01-01T00:00:00Z",
        MessageProperties.MESSAGE_SOURCE, "twinChangeEvents"), Map.of());

    // WHEN
    telemetry.send(D1, spoofed);

    // THEN
    assertThat(onlyAppend().event().systemProperties()).containsOnly(
        entry(MessageProperties.CONNECTION_DEVICE_ID, "d1"),
        entry(MessageProperties.CONNECTION_AUTH_METHOD, SAS_DEVICE_STAMP),
        entry(MessageProperties.CONNECTION_AUTH_GENERATION_ID, GENERATION),
        entry(MessageProperties.ENQUEUED_TIME, "2026-03-01T12:34:56.789Z"),
        entry(MessageProperties.MESSAGE_SOURCE, "Telemetry"));
  }

  @Test
  void appendsEachDeviceToItsOwnPartition() {
    // GIVEN ids that the partitioner spreads over several partitions
    List<String> ids = List.of("d1", "d2", "sensor-42", "thermostat-0001", "a");
    assertThat(ids.stream().map(id -> Partitioner.partitionFor(id, 4)).distinct()).hasSizeGreaterThan(2);

    // WHEN
    ids.forEach(id -> telemetry.send(principal(id), new DeviceMessage(bytes(id), Map.of(), Map.of())));

    // THEN
    assertThat(log.appends()).extracting(a -> a.event().partitionKey()).containsExactlyElementsOf(ids);
    assertThat(log.appends()).allSatisfy(a ->
        assertThat(a.partition()).isEqualTo(Partitioner.partitionFor(a.event().partitionKey(), 4)));
  }

  @Test
  void acceptsMessageOfExactlyTheLimit() {
    // GIVEN
    DeviceMessage message = messageOfBilledSize(TelemetryService.MAX_MESSAGE_BYTES);

    // WHEN
    CompletableFuture<StoredEvent> sent = telemetry.send(D1, message);

    // THEN
    assertThat(message.billedSize()).isEqualTo(256 * 1024);
    assertThat(log.appends()).hasSize(1);
    assertThat(sent).isNotDone();
  }

  @Test
  void refusesMessageOneByteOverTheLimitAsMessageTooLargeAndStoresNothing() {
    // GIVEN
    DeviceMessage message = messageOfBilledSize(256 * 1024 + 1);

    // WHEN
    CompletableFuture<StoredEvent> sent = telemetry.send(D1, message);

    // THEN
    assertThat(sent).isCompletedExceptionally();
    assertThat(failureOf(sent)).isInstanceOfSatisfying(HubException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
      assertThat(e).hasMessageContaining("262145").hasMessageContaining("262144");
    });
    assertThat(log.appends()).isEmpty();
  }

  @Test
  void completesOnlyWhenTheLogHasStoredTheEvent() {
    // GIVEN
    CompletableFuture<StoredEvent> sent = telemetry.send(D1, new DeviceMessage(bytes("x"), Map.of(), Map.of()));
    assertThat(sent).as("pending while the log has not stored the event").isNotDone();

    // WHEN
    StoredEvent stored = onlyAppend().succeed(7);

    // THEN
    assertThat(sent).isCompletedWithValue(stored);
  }

  @Test
  void failsWithTheLogsErrorWhenTheLogCannotStoreTheEvent() {
    // GIVEN
    CompletableFuture<StoredEvent> sent = telemetry.send(D1, new DeviceMessage(bytes("x"), Map.of(), Map.of()));
    IOException diskFull = new IOException("disk full");

    // WHEN
    onlyAppend().future().completeExceptionally(diskFull);

    // THEN
    assertThat(sent).isCompletedExceptionally();
    assertThat(failureOf(sent)).isSameAs(diskFull);
  }

  /** A message whose billed size is {@code size}: some properties, the rest body. */
  private static DeviceMessage messageOfBilledSize(int size) {
    Map<String, String> system = Map.of(MessageProperties.MESSAGE_ID, "0123456789");
    Map<String, String> application = Map.of("k", "vvvv");
    byte[] body = new byte[size - 10 - 5];
    Arrays.fill(body, (byte) 'a');
    return new DeviceMessage(body, system, application);
  }

  private Append onlyAppend() {
    assertThat(log.appends()).hasSize(1);
    return log.appends().get(0);
  }

  private static DevicePrincipal principal(String deviceId) {
    return new DevicePrincipal(
        IdentityRef.device(DeviceId.of(deviceId)), GENERATION, DeviceAuthMethod.IDENTITY_KEY, Optional.empty());
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.get();
      throw new AssertionError("the future did not fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
