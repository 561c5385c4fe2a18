package io.fleethub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.methods.MethodRequest;
import io.fleethub.server.FleethubServer;
import io.fleethub.server.TestHubs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleethub twin}, {@code invoke-method} and {@code consumer-group}, which call the hub's service REST API,
 * run in-process against a started hub found through its data directory.
 */
class CliServiceApiTest {
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
  void twinShowPrintsADevicesTwin() {
    fleethub("device", "create", "--device-id", "twin-show");

    CliRun run = fleethub("twin", "show", "--device-id", "twin-show");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode twin = run.json();
    assertThat(twin.get("deviceId").asText()).isEqualTo("twin-show");
    assertThat(twin.at("/properties/desired").isObject()).isTrue();
    assertThat(twin.at("/properties/reported").isObject()).isTrue();
  }

  @Test
  void twinUpdateMergesDesiredPropertiesAndTagsAndPrintsTheTwin() {
    fleethub("device", "create", "--device-id", "twin-update");

    CliRun run = fleethub("twin", "update", "--device-id", "twin-update", "--desired", "{\"interval\": 30}",
        "--tags", "{\"site\": \"berlin\"}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode twin = run.json();
    assertThat(twin.at("/properties/desired/interval").asInt()).isEqualTo(30);
    assertThat(twin.at("/tags/site").asText()).isEqualTo("berlin");
    JsonNode shown = fleethub("twin", "show", "--device-id", "twin-update").json();
    assertThat(shown.at("/properties/desired/interval").asInt()).isEqualTo(30);
    assertThat(shown.at("/tags/site").asText()).isEqualTo("berlin");
  }

  @Test
  void twinUpdateWithAStaleEtagIsRefused() {
    // GIVEN a twin, its etag, and a change made since
    fleethub("device", "create", "--device-id", "twin-etag");
    String etag = fleethub("twin", "show", "--device-id", "twin-etag").json().get("etag").asText();
    fleethub("twin", "update", "--device-id", "twin-etag", "--tags", "{\"v\": 1}");

    // WHEN an update names the old etag
    CliRun run = fleethub("twin", "update", "--device-id", "twin-etag", "--tags", "{\"v\": 2}", "--etag", etag);

    // THEN IoT Hub's precondition failure is printed
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: PreconditionFailed").endsWith("(HTTP 412)\n");
  }

  @Test
  void moduleTwinShowAndUpdate() {
    fleethub("device", "create", "--device-id", "twin-gateway");
    fleethub("module", "create", "--device-id", "twin-gateway", "--module-id", "relay");

    CliRun update = fleethub("twin", "update", "--device-id", "twin-gateway", "--module-id", "relay", "--desired",
        "{\"mode\": \"fast\"}");
    CliRun show = fleethub("twin", "show", "--device-id", "twin-gateway", "--module-id", "relay");

    assertThat(update.exitCode()).as(update.err()).isZero();
    assertThat(show.json().get("moduleId").asText()).isEqualTo("relay");
    assertThat(show.json().at("/properties/desired/mode").asText()).isEqualTo("fast");
  }

  @Test
  void twinUpdateRefusesWhatIsNotAJsonObject() {
    CliRun nothing = fleethub("twin", "update", "--device-id", "d");
    CliRun notJson = fleethub("twin", "update", "--device-id", "d", "--desired", "{interval: 30}");
    CliRun notObject = fleethub("twin", "update", "--device-id", "d", "--tags", "[1]");

    assertThat(nothing.err()).isEqualTo("error: give --desired, --tags or both: the changes to make\n");
    assertThat(notJson.exitCode()).isEqualTo(1);
    assertThat(notJson.err()).startsWith("error: --desired must be JSON: ");
    assertThat(notObject.err()).isEqualTo("error: --tags must be a JSON object such as {\"key\": \"value\"},"
        + " not [1]\n");
  }

  @Test
  void invokeMethodPrintsTheDevicesAnswer() throws Exception {
    // GIVEN a connected device that answers its methods with 200 and a payload
    fleethub("device", "create", "--device-id", "method-online");
    IdentityRef device = IdentityRef.device(DeviceId.of("method-online"));
    List<MethodRequest> calls = new CopyOnWriteArrayList<>();
    try (AutoCloseable subscription = server.hub().directMethods().subscribe(device, request -> {
      calls.add(request);
      server.hub().directMethods().respond(device, request.requestId(), 200,
          "{\"rebooted\":true}".getBytes(StandardCharsets.UTF_8));
    })) {
      // WHEN a method is invoked on it
      CliRun run = fleethub("invoke-method", "--device-id", "method-online", "--method-name", "reboot",
          "--method-payload", "{\"delay\": 5}", "--timeout", "10");

      // THEN its status and payload are printed, and it got the call
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.json().get("status").asInt()).isEqualTo(200);
      assertThat(run.json().at("/payload/rebooted").asBoolean()).isTrue();
      assertThat(calls).singleElement().satisfies(call -> {
        assertThat(call.methodName()).isEqualTo("reboot");
        assertThat(JsonOutput.JSON.readTree(call.payload()).get("delay").asInt()).isEqualTo(5);
      });
    }
  }

  @Test
  void invokeMethodOnAnOfflineDeviceIsAnErrorLine() {
    fleethub("device", "create", "--device-id", "method-offline");

    CliRun run = fleethub("invoke-method", "--device-id", "method-offline", "--method-name", "reboot");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: DeviceNotOnline: ").contains("method-offline")
        .endsWith("(HTTP 404)\n");
  }

  @Test
  void invokeMethodRefusesTimeoutsIotHubDoesNotAllow() {
    CliRun run = fleethub("invoke-method", "--device-id", "d", "--method-name", "m", "--timeout", "301");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: --timeout must be 5 to 300 seconds, not 301\n");
  }

  @Test
  void consumerGroupCreateShowListAndDelete() {
    CliRun create = fleethub("consumer-group", "create", "--name", "cli-readers");
    assertThat(create.exitCode()).as(create.err()).isZero();
    assertThat(create.json().get("name").asText()).isEqualTo("cli-readers");
    assertThat(create.json().has("createdTime")).isTrue();

    CliRun show = fleethub("consumer-group", "show", "--name", "cli-readers");
    assertThat(show.json().get("name").asText()).isEqualTo("cli-readers");

    CliRun list = fleethub("consumer-group", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(names(list.json())).contains("$Default", "cli-readers");

    CliRun delete = fleethub("consumer-group", "delete", "--name", "cli-readers");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).isEmpty();
    assertThat(names(fleethub("consumer-group", "list").json())).doesNotContain("cli-readers");
  }

  @Test
  void theDefaultConsumerGroupCannotBeDeleted() {
    CliRun run = fleethub("consumer-group", "delete", "--name", "$Default");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ").contains("$Default");
  }

  private static List<String> names(JsonNode groups) {
    List<String> names = new ArrayList<>();
    groups.forEach(group -> names.add(group.get("name").asText()));
    return names;
  }

  private static CliRun fleethub(String... args) {
    List<String> withDataDir = new ArrayList<>(List.of(args));
    withDataDir.add("--data-dir");
    withDataDir.add(dataDir.toString());
    return CliRun.of(Map.of(), withDataDir.toArray(String[]::new));
  }
}
