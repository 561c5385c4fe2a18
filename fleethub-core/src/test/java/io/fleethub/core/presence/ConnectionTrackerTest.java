package io.fleethub.core.presence;

import io.fleethub.core.memory.InMemoryRegistryStore;
import static io.fleethub.core.registry.TestIdentities.device;
import static io.fleethub.core.registry.TestIdentities.module;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.TestClock;
import io.fleethub.core.auth.DeviceAuthMethod;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.DeviceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final IdentityRef D1 = IdentityRef.device(DeviceId.of("d1"));
  private static final IdentityRef D1_M1 = IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1"));
  private static final DevicePrincipal D1_PRINCIPAL = principal(D1);

  private final TestClock clock = new TestClock(START);
  private final InMemoryRegistryStore registry = new InMemoryRegistryStore();
  private final HubEvents events = new HubEvents();
  private final List<DeviceEvent> published = new CopyOnWriteArrayList<>();
  private final ConnectionTracker tracker = new ConnectionTracker(registry, events, clock);

  @BeforeEach
  void registerDeviceAndListen() {
    registry.insertDevice(device("d1", "638700000000000001", DeviceStatus.ENABLED, Authentication.none()));
    registry.insertModule(module("d1", "m1", "638700000000000002", Authentication.none()));
    events.subscribe(published::add);
  }

  @Test
  void connectRecordsConnectedAtTheClockTimeAndPublishesConnected() {
    // GIVEN
    clock.advance(Duration.ofMinutes(3));

    // WHEN
    tracker.connected(D1_PRINCIPAL, new RecordingConnection());

    // THEN
    Instant at = START.plus(Duration.ofMinutes(3));
    assertThat(activityOf(D1).connectionState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(activityOf(D1).connectionStateUpdatedTime()).isEqualTo(at);
    assertThat(published).singleElement().isInstanceOfSatisfying(DeviceEvent.Connected.class, e -> {
      assertThat(e.identity()).isEqualTo(D1);
      assertThat(e.time()).isEqualTo(at);
    });
    assertThat(tracker.isConnected(D1)).isTrue();
  }

  @Test
  void connectRecordsTheAnnouncedModelIdAndKeepsItWhenALaterConnectionAnnouncesNone() {
    // GIVEN a device that announced a model id when it connected
    RecordingConnection first = new RecordingConnection();
    tracker.connected(D1_PRINCIPAL, first, Optional.of("dtmi:com:example:Thermostat;1"));
    tracker.disconnected(D1_PRINCIPAL, first);

    // WHEN it connects again without one
    tracker.connected(D1_PRINCIPAL, new RecordingConnection(), Optional.empty());

    // THEN the registry still shows the announced model id
    assertThat(registry.findDevice(D1.deviceId()).orElseThrow().modelId())
        .contains("dtmi:com:example:Thermostat;1");
  }

  @Test
  void numbersConnectAndDisconnectEventsInIncreasingOrderAcrossIdentities() {
    // GIVEN
    RecordingConnection device = new RecordingConnection();
    RecordingConnection module = new RecordingConnection();

    // WHEN
    tracker.connected(D1_PRINCIPAL, device);
    tracker.connected(principal(D1_M1), module);
    tracker.disconnected(D1_PRINCIPAL, device);
    tracker.connected(D1_PRINCIPAL, new RecordingConnection());

    // THEN
    assertThat(published).extracting(ConnectionTrackerTest::sequenceNumber)
        .hasSize(4).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void secondConnectionClosesTheFirstOnceWithTheReplacedReasonAndTheDeviceStaysConnected() {
    // GIVEN
    RecordingConnection first = new RecordingConnection();
    RecordingConnection second = new RecordingConnection();
    tracker.connected(D1_PRINCIPAL, first);

    // WHEN
    tracker.connected(D1_PRINCIPAL, second);

    // THEN
    assertThat(first.closeReasons).containsExactly(ConnectionTracker.REPLACED_REASON);
    assertThat(ConnectionTracker.REPLACED_REASON).isEqualTo("400027 ConnectionForcefullyClosedOnNewConnection");
    assertThat(second.closeReasons).isEmpty();
    assertThat(tracker.connectionOf(D1)).containsSame(second);
    assertThat(activityOf(D1).connectionState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(published).hasSize(2).allMatch(DeviceEvent.Connected.class::isInstance);
  }

  @Test
  void replacedConnectionEndingLaterChangesNothing() {
    // GIVEN
    RecordingConnection first = new RecordingConnection();
    RecordingConnection second = new RecordingConnection();
    tracker.connected(D1_PRINCIPAL, first);
    clock.advance(Duration.ofSeconds(10));
    tracker.connected(D1_PRINCIPAL, second);
    Instant secondConnectedAt = clock.instant();
    clock.advance(Duration.ofSeconds(10));

    // WHEN the transport reports the first connection's end
    tracker.disconnected(D1_PRINCIPAL, first);

    // THEN
    assertThat(published).noneMatch(DeviceEvent.Disconnected.class::isInstance);
    assertThat(activityOf(D1).connectionState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(activityOf(D1).connectionStateUpdatedTime()).isEqualTo(secondConnectedAt);
    assertThat(tracker.connectionOf(D1)).containsSame(second);
    assertThat(first.closeReasons).hasSize(1);
  }

  @Test
  void replacedConnectionReportingItsEndFromInsideCloseLeavesTheNewOneConnected() {
    // GIVEN a transport that reports the end synchronously while being closed
    RecordingConnection first = new RecordingConnection() {
      @Override
      public void close(String reason) {
        super.close(reason);
        tracker.disconnected(D1_PRINCIPAL, this);
      }
    };
    RecordingConnection second = new RecordingConnection();
    tracker.connected(D1_PRINCIPAL, first);

    // WHEN
    tracker.connected(D1_PRINCIPAL, second);

    // THEN
    assertThat(tracker.connectionOf(D1)).containsSame(second);
    assertThat(activityOf(D1).connectionState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(published).noneMatch(DeviceEvent.Disconnected.class::isInstance);
  }

  @Test
  void disconnectOfTheCurrentConnectionRecordsDisconnectedAndPublishesDisconnected() {
    // GIVEN
    RecordingConnection connection = new RecordingConnection();
    tracker.connected(D1_PRINCIPAL, connection);
    clock.advance(Duration.ofMinutes(5));

    // WHEN
    tracker.disconnected(D1_PRINCIPAL, connection);

    // THEN
    Instant at = START.plus(Duration.ofMinutes(5));
    assertThat(activityOf(D1).connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(activityOf(D1).connectionStateUpdatedTime()).isEqualTo(at);
    assertThat(published).hasSize(2);
    assertThat(published.get(1)).isInstanceOfSatisfying(DeviceEvent.Disconnected.class, e -> {
      assertThat(e.identity()).isEqualTo(D1);
      assertThat(e.time()).isEqualTo(at);
      assertThat(e.sequenceNumber()).isGreaterThan(sequenceNumber(published.get(0)));
    });
    assertThat(tracker.isConnected(D1)).isFalse();
    assertThat(tracker.connectionOf(D1)).isEmpty();
    assertThat(connection.closeReasons).as("the tracker only records the end").isEmpty();
  }

  @Test
  void tracksAModuleApartFromItsDevice() {
    // GIVEN
    RecordingConnection device = new RecordingConnection();
    RecordingConnection module = new RecordingConnection();
    tracker.connected(D1_PRINCIPAL, device);

    // WHEN
    tracker.connected(principal(D1_M1), module);

    // THEN
    assertThat(device.closeReasons).isEmpty();
    assertThat(tracker.connectionOf(D1)).containsSame(device);
    assertThat(tracker.connectionOf(D1_M1)).containsSame(module);
    assertThat(registry.findModule(DeviceId.of("d1"), ModuleId.of("m1")).orElseThrow().activity().connectionState())
        .isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void knowsNoConnectionOfAnIdentityThatNeverConnected() {
    // THEN
    assertThat(tracker.isConnected(D1)).isFalse();
    assertThat(tracker.connectionOf(D1)).isEmpty();
  }

  private Activity activityOf(IdentityRef identity) {
    return registry.findDevice(identity.deviceId()).orElseThrow().activity();
  }

  private static long sequenceNumber(DeviceEvent event) {
    if (event instanceof DeviceEvent.Connected connected) {
      return connected.sequenceNumber();
    }
    if (event instanceof DeviceEvent.Disconnected disconnected) {
      return disconnected.sequenceNumber();
    }
    throw new AssertionError("not a connection event: " + event);
  }

  private static DevicePrincipal principal(IdentityRef identity) {
    return new DevicePrincipal(identity, "638700000000000001", DeviceAuthMethod.IDENTITY_KEY, Optional.empty());
  }

  /** A connection that remembers why it was closed. */
  private static class RecordingConnection implements DeviceConnection {
    final List<String> closeReasons = new CopyOnWriteArrayList<>();

    @Override
    public void close(String reason) {
      closeReasons.add(reason);
    }
  }
}
