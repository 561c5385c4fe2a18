package io.fleethub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fleethub.core.auth.DeviceAuthMethod;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.server.FleethubServer;
import io.fleethub.server.HubInfo;
import io.fleethub.server.TestHubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleethub monitor-events} and {@code fleethub c2d send}, which talk AMQP to a started hub, found through its
 * data directory: TLS to its AMQPS listener, trusting its ca.pem, SASL PLAIN with the owner policy.
 */
class CliAmqpTest {
  /** A bound on how long a command that waits may wait, so that a broken test ends. */
  private static final String GUARD_SECONDS = "60";

  @TempDir
  static Path dataDir;

  private static FleethubServer server;

  @BeforeAll
  static void startHub() {
    server = TestHubs.start(dataDir);
  }

  @AfterAll
  static void stopHub() {
    server.close();
  }

  @Test
  void monitorEventsPrintsADevicesEventsFromTheEarliestAsAzDoes() throws Exception {
    // GIVEN three messages of one device and one of another, already in the event stream
    sendTelemetry("mon-early", Optional.empty(), "{\"temperature\":21.5}", Map.of(), Map.of());
    sendTelemetry("mon-other", Optional.empty(), "{\"temperature\":99}", Map.of(), Map.of());
    sendTelemetry("mon-early", Optional.empty(), "not json", Map.of(), Map.of());
    sendTelemetry("mon-early", Optional.of("filter"), "42", Map.of(), Map.of());

    // WHEN the device's events are monitored from the earliest
    CliRun run = fleethub("monitor-events", "--device-id", "mon-early", "--from", "earliest", "--max-events", "3",
        "--timeout", GUARD_SECONDS);

    // THEN the three are printed in order, as az prints them, after the start line on stderr
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEqualTo("Starting event monitor, use ctrl-c to stop...\n");
    List<JsonNode> events = documents(run.out());
    assertThat(events).hasSize(3);
    assertThat(events.get(0).toString()).isEqualTo("{\"event\":{\"origin\":\"mon-early\",\"module\":\"\","
        + "\"interface\":\"\",\"component\":\"\",\"payload\":{\"temperature\":21.5}}}");
    assertThat(events.get(1).at("/event/payload").asText()).isEqualTo("not json");
    assertThat(events.get(2).at("/event/module").asText()).isEqualTo("filter");
    assertThat(events.get(2).at("/event/payload").isNumber()).isTrue();
    assertThat(run.out()).startsWith("{\n  \"event\": {\n    \"origin\": \"mon-early\",");
  }

  @Test
  void monitorEventsByDefaultPrintsTheEventsSentAfterItStarted() throws Exception {
    // GIVEN an event sent before the monitor starts
    sendTelemetry("mon-before", Optional.empty(), "\"old\"", Map.of(), Map.of());

    // WHEN the monitor runs, without a device filter, and two devices send after it started
    BackgroundCli monitor = BackgroundCli.start("monitor-events", "--max-events", "2", "--timeout", GUARD_SECONDS,
        "--data-dir", dataDir.toString());
    monitor.awaitErr(MonitorEventsCommand.STARTED);
    sendTelemetry("mon-now-1", Optional.empty(), "\"first\"", Map.of(), Map.of());
    sendTelemetry("mon-now-2", Optional.empty(), "\"second\"", Map.of(), Map.of());
    CliRun run = monitor.await();

    // THEN it prints those two and not the earlier one
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(documents(run.out())).extracting(event -> event.at("/event/origin").asText())
        .containsExactlyInAnyOrder("mon-now-1", "mon-now-2");
  }

  @Test
  void monitorEventsWithPropertiesPrintsSystemAndApplicationPropertiesAndAnnotations() throws Exception {
    // GIVEN a message with a message id, a content type and an application property
    sendTelemetry("mon-props", Optional.empty(), "{\"a\":1}",
        Map.of(MessageProperties.MESSAGE_ID, "msg-7", MessageProperties.CONTENT_TYPE, "application/json",
            MessageProperties.CONTENT_ENCODING, "utf-8"),
        Map.of("alert", "high"));

    // WHEN it is monitored with --properties
    CliRun run = fleethub("monitor-events", "--device-id", "mon-props", "--properties", "--from", "earliest",
        "--max-events", "1", "--timeout", GUARD_SECONDS);

    // THEN the event carries its properties and IoT Hub's annotations
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode event = documents(run.out()).get(0).get("event");
    assertThat(event.at("/properties/system/message_id").asText()).isEqualTo("msg-7");
    assertThat(event.at("/properties/system/content_type").asText()).isEqualTo("application/json");
    assertThat(event.at("/properties/system/content_encoding").asText()).isEqualTo("utf-8");
    assertThat(event.at("/properties/application/alert").asText()).isEqualTo("high");
    assertThat(event.at("/annotations/iothub-connection-device-id").asText()).isEqualTo("mon-props");
    assertThat(event.at("/annotations/iothub-message-source").asText()).isEqualTo("Telemetry");
    assertThat(event.at("/annotations/x-opt-sequence-number").isIntegralNumber()).isTrue();
    assertThat(event.at("/annotations/x-opt-enqueued-time").asLong())
        .isGreaterThan(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
    assertThat(event.at("/payload/a").asInt()).isEqualTo(1);
  }

  @Test
  void monitorEventsFromATimeSkipsEarlierEvents() throws Exception {
    // GIVEN an event, then a later point in time, then another event of the same device
    sendTelemetry("mon-time", Optional.empty(), "\"before\"", Map.of(), Map.of());
    Instant from = server.hub().clock().instant().plusMillis(1);
    waitForClockToPass(from);
    sendTelemetry("mon-time", Optional.empty(), "\"after\"", Map.of(), Map.of());

    // WHEN the device's events are monitored from that time (--device is --device-id's short form)
    CliRun run = fleethub("monitor-events", "--device", "mon-time", "--from", from.toString(), "--max-events",
        "1", "--timeout", GUARD_SECONDS);

    // THEN only the later one is printed
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(documents(run.out())).extracting(event -> event.at("/event/payload").asText())
        .containsExactly("after");
  }

  @Test
  void monitorEventsWithAnUnknownConsumerGroupIsRefused() {
    CliRun run = fleethub("monitor-events", "--consumer-group", "nobody-reads-here", "--timeout", GUARD_SECONDS);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: the hub refused a receiver on fleethub/ConsumerGroups/nobody-reads-here/")
        .contains("amqp:not-found");
  }

  @Test
  void monitorEventsFindsTheHubByConnectionStringCaFileAndAmqpUrl() throws Exception {
    // GIVEN an event, and the hub named without hub.json
    sendTelemetry("mon-cs", Optional.empty(), "\"found\"", Map.of(), Map.of());
    HubInfo info = server.info();
    String amqpUrl = "amqps://localhost:" + info.listener("amqps").orElseThrow().port();

    // WHEN the monitor is pointed at it by connection string, CA file and AMQP URL
    CliRun run = CliRun.of(Map.of(), "monitor-events", "--connection-string", info.connectionString(), "--ca-file",
        info.caCertificate().toString(), "--amqp-url", amqpUrl, "--data-dir", "/nonexistent", "--device-id",
        "mon-cs", "--from", "earliest", "--max-events", "1", "--timeout", GUARD_SECONDS);

    // THEN it reads the event
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(documents(run.out())).extracting(event -> event.at("/event/payload").asText())
        .containsExactly("found");
  }

  @Test
  void aStoppedHubsAmqpListenerIsReportedAsUnreachable(@TempDir Path stoppedDir) {
    // GIVEN a hub that was started and stopped
    TestHubs.start(stoppedDir).close();

    // WHEN the CLI tries to send to it over AMQP
    CliRun run = CliRun.of(Map.of(), "c2d", "send", "--device-id", "d", "--data", "x", "--data-dir",
        stoppedDir.toString());

    // THEN it says it cannot reach it
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: cannot reach the hub's AMQP listener at amqps://localhost:")
        .contains("is 'fleethub serve' running?");
  }

  @Test
  void badFromIsRefusedWithTheFormsItTakes() {
    CliRun run = fleethub("monitor-events", "--from", "yesterday");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: --from must be earliest, latest, now, an ISO-8601 time such as"
        + " 2024-05-01T10:00:00Z or milliseconds since the epoch, not 'yesterday'\n");
  }

  @Test
  void c2dSendQueuesTheMessageWithItsProperties() {
    // GIVEN a registered device
    fleethub("device", "create", "--device-id", "c2d-target");

    // WHEN a message is sent to it with properties
    CliRun run = fleethub("c2d", "send", "--device-id", "c2d-target", "--data", "{\"on\":true}",
        "--property", "color=red", "--property", "level=3", "--message-id", "m-42", "--correlation-id", "c-7",
        "--content-type", "application/json", "--content-encoding", "utf-8", "--ack", "full", "--expiry", "600");

    // THEN it is printed by id, and the device's queue holds it as sent
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("messageId").asText()).isEqualTo("m-42");
    CloudToDeviceMessage queued = server.hub().cloudToDevice()
        .receive(IdentityRef.device(DeviceId.of("c2d-target"))).orElseThrow();
    assertThat(new String(queued.body(), StandardCharsets.UTF_8)).isEqualTo("{\"on\":true}");
    assertThat(queued.properties().messageId()).contains("m-42");
    assertThat(queued.properties().correlationId()).contains("c-7");
    assertThat(queued.properties().contentType()).contains("application/json");
    assertThat(queued.properties().contentEncoding()).contains("utf-8");
    assertThat(queued.applicationProperties()).containsExactlyInAnyOrderEntriesOf(
        Map.of("color", "red", "level", "3"));
    assertThat(queued.ack()).isEqualTo(Acknowledgement.FULL);
    assertThat(queued.expiryTime()).isBetween(queued.enqueuedTime().plus(Duration.ofMinutes(9)),
        queued.enqueuedTime().plus(Duration.ofMinutes(11)));
  }

  @Test
  void c2dSendToAModuleWithADataFileAndAGeneratedMessageId(@TempDir Path files) throws IOException {
    // GIVEN a module and a file of bytes
    fleethub("device", "create", "--device-id", "c2d-gateway");
    fleethub("module", "create", "--device-id", "c2d-gateway", "--module-id", "relay");
    Path data = files.resolve("payload.bin");
    Files.write(data, new byte[] {0, 1, 2, (byte) 0xff});

    // WHEN the file is sent to the module
    CliRun run = fleethub("c2d", "send", "--device-id", "c2d-gateway", "--module-id", "relay", "--data-file",
        data.toString());

    // THEN the module's queue holds the bytes under the printed message id
    assertThat(run.exitCode()).as(run.err()).isZero();
    String messageId = run.json().get("messageId").asText();
    assertThat(messageId).matches("[0-9a-f-]{36}");
    CloudToDeviceMessage queued = server.hub().cloudToDevice()
        .receive(IdentityRef.module(DeviceId.of("c2d-gateway"), new ModuleId("relay"))).orElseThrow();
    assertThat(queued.body()).containsExactly(0, 1, 2, 0xff);
    assertThat(queued.properties().messageId()).contains(messageId);
  }

  @Test
  void c2dSendToAnUnknownDeviceIsAnErrorLine() {
    CliRun run = fleethub("c2d", "send", "--device-id", "c2d-nobody", "--data", "hello");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: the hub rejected message '").contains("device 'c2d-nobody'")
        .endsWith("\n");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void c2dSendNeedsDataOrADataFile() {
    CliRun run = fleethub("c2d", "send", "--device-id", "d");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required argument").contains("--data=TEXT").contains("--data-file=FILE");
  }

  @Test
  void c2dSendWaitsForTheFeedbackAboutItsMessage() throws Exception {
    // GIVEN a device whose queue is watched
    fleethub("device", "create", "--device-id", "c2d-feedback");
    IdentityRef device = IdentityRef.device(DeviceId.of("c2d-feedback"));
    CountDownLatch queued = new CountDownLatch(1);
    try (AutoCloseable watch = server.hub().cloudToDevice().onMessageAvailable(device, queued::countDown)) {
      // WHEN a message asking for full feedback is sent, and the device completes it
      BackgroundCli send = BackgroundCli.start("c2d", "send", "--device-id", "c2d-feedback", "--data", "ping",
          "--message-id", "fb-1", "--ack", "full", "--wait-for-feedback", "--timeout", GUARD_SECONDS,
          "--data-dir", dataDir.toString());
      send.awaitWhileRunning(queued, "the message to reach the device's queue");
      CloudToDeviceMessage message = server.hub().cloudToDevice().receive(device).orElseThrow();
      server.hub().cloudToDevice().complete(device, message.lock().orElseThrow().token());
      CliRun run = send.await();

      // THEN the command prints the message id with the feedback record saying it succeeded
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode result = run.json();
      assertThat(result.get("messageId").asText()).isEqualTo("fb-1");
      assertThat(result.get("feedback")).singleElement().satisfies(record -> {
        assertThat(record.get("originalMessageId").asText()).isEqualTo("fb-1");
        assertThat(record.get("statusCode").asText()).isEqualTo("Success");
        assertThat(record.get("deviceId").asText()).isEqualTo("c2d-feedback");
      });
    }
  }

  private static void sendTelemetry(String deviceId, Optional<String> moduleId, String body,
      Map<String, String> systemProperties, Map<String, String> applicationProperties) throws Exception {
    IdentityRef identity = moduleId
        .map(module -> IdentityRef.module(DeviceId.of(deviceId), new ModuleId(module)))
        .orElse(IdentityRef.device(DeviceId.of(deviceId)));
    DevicePrincipal sender = new DevicePrincipal(identity, "638700000000000001", DeviceAuthMethod.IDENTITY_KEY,
        Optional.empty());
    server.hub().telemetry().send(sender, new DeviceMessage(body.getBytes(StandardCharsets.UTF_8), systemProperties,
        applicationProperties)).get(30, TimeUnit.SECONDS);
  }

  /** Returns once the hub's clock is past {@code instant}, so that what is sent next is enqueued after it. */
  private static void waitForClockToPass(Instant instant) throws InterruptedException {
    while (!server.hub().clock().instant().isAfter(instant)) {
      Thread.sleep(1);
    }
  }

  private static List<JsonNode> documents(String out) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = JsonOutput.JSON.readerFor(JsonNode.class).readValues(out)) {
      values.forEachRemaining(documents::add);
    }
    return documents;
  }

  private static CliRun fleethub(String... args) {
    List<String> withDataDir = new ArrayList<>(List.of(args));
    withDataDir.add("--data-dir");
    withDataDir.add(dataDir.toString());
    return CliRun.of(Map.of(), withDataDir.toArray(String[]::new));
  }
}
