package io.fleethub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.auth.SasToken;
import io.fleethub.server.ConnectionStrings;
import io.fleethub.server.FleethubServer;
import io.fleethub.server.HubInfo;
import io.fleethub.server.TestHubs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code fleethub} CLI run in-process against a started hub, found through its data directory. */
class CliTest {
  private static final String THUMBPRINT = "AB".repeat(20);

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
  void deviceCreatePrintsTheNewDeviceWithGeneratedKeys() {
    CliRun run = fleethub("device", "create", "--device-id", "cli-create");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode device = run.json();
    assertThat(device.get("deviceId").asText()).isEqualTo("cli-create");
    assertThat(device.get("status").asText()).isEqualTo("enabled");
    assertThat(device.at("/authentication/type").asText()).isEqualTo("sas");
    assertThat(device.at("/authentication/symmetricKey/primaryKey").asText()).hasSize(44);
    assertThat(run.out()).startsWith("{\n  \"deviceId\": \"cli-create\",");
  }

  @Test
  void deviceCreateTakesAzStyleOptions() {
    CliRun run = fleethub("device", "create", "--device-id", "cli-x509", "--edge", "--auth-method", "x509_thumbprint",
        "--primary-thumbprint", THUMBPRINT, "--status", "disabled");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode device = run.json();
    assertThat(device.at("/authentication/type").asText()).isEqualTo("selfSigned");
    assertThat(device.at("/authentication/x509Thumbprint/primaryThumbprint").asText()).isEqualTo(THUMBPRINT);
    assertThat(device.at("/capabilities/iotEdge").asBoolean()).isTrue();
    assertThat(device.get("status").asText()).isEqualTo("disabled");
  }

  @Test
  void deviceShowListAndDelete() {
    fleethub("device", "create", "--device-id", "cli-lifecycle");

    CliRun show = fleethub("device", "show", "--device-id", "cli-lifecycle");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.json().get("deviceId").asText()).isEqualTo("cli-lifecycle");

    CliRun list = fleethub("device", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(deviceIds(list.json())).contains("cli-lifecycle");

    CliRun delete = fleethub("device", "delete", "--device-id", "cli-lifecycle");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).isEmpty();
    assertThat(deviceIds(fleethub("device", "list").json())).doesNotContain("cli-lifecycle");
  }

  @Test
  void deviceConnectionStringCarriesTheHubHostNameAndTheDeviceKey() {
    JsonNode device = fleethub("device", "create", "--device-id", "cli-cs").json();

    CliRun primary = fleethub("device", "connection-string", "--device-id", "cli-cs");
    CliRun secondary = fleethub("device", "connection-string", "--device-id", "cli-cs", "--key-type", "secondary");

    assertThat(primary.json().get("connectionString").asText()).isEqualTo("HostName=fleethub.test;DeviceId=cli-cs;"
        + "SharedAccessKey=" + device.at("/authentication/symmetricKey/primaryKey").asText());
    assertThat(secondary.json().get("connectionString").asText())
        .endsWith(";SharedAccessKey=" + device.at("/authentication/symmetricKey/secondaryKey").asText());
  }

  @Test
  void anX509DeviceConnectionStringSaysX509() {
    fleethub("device", "create", "--device-id", "cli-ca", "--auth-method", "x509_ca");

    CliRun run = fleethub("device", "connection-string", "--device-id", "cli-ca");

    assertThat(run.json().get("connectionString").asText())
        .isEqualTo("HostName=fleethub.test;DeviceId=cli-ca;x509=true");
  }

  @Test
  void moduleCommandsWorkOnADevicesModules() {
    fleethub("device", "create", "--device-id", "cli-gateway");

    CliRun create = fleethub("module", "create", "--device-id", "cli-gateway", "--module-id", "filter");
    assertThat(create.exitCode()).as(create.err()).isZero();
    JsonNode module = create.json();
    assertThat(module.get("moduleId").asText()).isEqualTo("filter");

    CliRun show = fleethub("module", "show", "--device-id", "cli-gateway", "--module-id", "filter");
    assertThat(show.json().get("generationId")).isEqualTo(module.get("generationId"));

    CliRun list = fleethub("module", "list", "--device-id", "cli-gateway");
    assertThat(list.json()).extracting(m -> m.get("moduleId").asText()).containsExactly("filter");

    CliRun cs = fleethub("module", "connection-string", "--device-id", "cli-gateway", "--module-id", "filter");
    assertThat(cs.json().get("connectionString").asText()).isEqualTo("HostName=fleethub.test;DeviceId=cli-gateway;"
        + "ModuleId=filter;SharedAccessKey=" + module.at("/authentication/symmetricKey/primaryKey").asText());

    CliRun delete = fleethub("module", "delete", "--device-id", "cli-gateway", "--module-id", "filter");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(fleethub("module", "list", "--device-id", "cli-gateway").json()).isEmpty();
  }

  @Test
  void policyListShowsTheFiveStandardPoliciesWithKeysAndRights() {
    CliRun run = fleethub("policy", "list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode policies = run.json();
    assertThat(policies).extracting(p -> p.get("keyName").asText())
        .containsExactly("iothubowner", "service", "device", "registryRead", "registryReadWrite");
    assertThat(policies.get(0).get("rights").asText())
        .isEqualTo("RegistryRead, RegistryWrite, ServiceConnect, DeviceConnect");
    assertThat(policies.get(0).get("primaryKey").asText()).hasSize(44);
  }

  @Test
  void tokenIsSignedWithTheNamedPolicysKeyForTheResource() {
    JsonNode policies = fleethub("policy", "list").json();
    String serviceKey = policies.get(1).get("primaryKey").asText();

    CliRun run = fleethub("token", "--resource", "fleethub.test/devices/d1", "--policy", "service",
        "--duration", "2h");

    assertThat(run.exitCode()).as(run.err()).isZero();
    SasToken token = SasToken.parse(run.json().get("sas").asText());
    assertThat(token.resource()).isEqualTo("fleethub.test/devices/d1");
    assertThat(token.keyName()).contains("service");
    assertThat(token.isSignedByAnyOf(List.of(serviceKey))).isTrue();
    assertThat(token.expiry()).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
        Instant.now().plus(Duration.ofMinutes(121)));
  }

  @Test
  void tokenDefaultsToTheOwnerPolicyForTheWholeHub() throws Exception {
    CliRun run = fleethub("token");

    SasToken token = SasToken.parse(run.json().get("sas").asText());
    Map<String, String> owner = ConnectionStrings.parse(HubInfo.read(dataDir.resolve("hub.json")).connectionString());
    assertThat(token.resource()).isEqualTo("fleethub.test");
    assertThat(token.keyName()).contains("iothubowner");
    assertThat(token.isSignedByAnyOf(List.of(owner.get("sharedaccesskey")))).isTrue();
  }

  @Test
  void theHubCanBeNamedByConnectionStringCaFileAndUrl() throws Exception {
    HubInfo info = server.info();
    String url = "https://localhost:" + info.listener("https").orElseThrow().port();

    CliRun run = CliRun.of(Map.of(), "device", "list", "--connection-string", info.connectionString(),
        "--ca-file", info.caCertificate().toString(), "--hub-url", url, "--data-dir", "/nonexistent");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().isArray()).isTrue();
  }

  @Test
  void aRefusalIsPrintedAsIotHubsErrorWithExitCodeOne() {
    CliRun run = fleethub("device", "show", "--device-id", "no-such-device");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: DeviceNotFound: Device 'no-such-device' is not registered. (HTTP 404)\n");
  }

  @Test
  void aDuplicateDeviceIsRefused() {
    fleethub("device", "create", "--device-id", "cli-twice");

    CliRun run = fleethub("device", "create", "--device-id", "cli-twice");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: DeviceAlreadyExists: ").endsWith("(HTTP 409)\n");
  }

  @Test
  void aMissingHubJsonSaysHowToFindAHub(@TempDir Path empty) {
    CliRun run = CliRun.of(Map.of(), "device", "list", "--data-dir", empty.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: no hub found: " + empty.resolve("hub.json").toAbsolutePath()
        + " does not exist — start one with 'fleethub serve', or pass --data-dir of a running hub,"
        + " or --connection-string\n");
  }

  @Test
  void aStoppedHubIsReportedAsUnreachable(@TempDir Path stoppedDir) {
    // GIVEN a hub that was started and stopped
    TestHubs.start(stoppedDir).close();

    // WHEN the CLI is pointed at it
    CliRun run = CliRun.of(Map.of(), "device", "list", "--data-dir", stoppedDir.toString());

    // THEN it says it cannot reach it
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: cannot reach the hub at https://localhost:")
        .contains("is 'fleethub serve' running?");
  }

  @Test
  void badOptionsAreRefusedWithAHint() {
    CliRun wrongMethod = fleethub("device", "create", "--device-id", "d", "--auth-method", "password");
    CliRun missingId = fleethub("device", "show");
    CliRun badDuration = fleethub("token", "--duration", "forever");

    assertThat(wrongMethod.exitCode()).isEqualTo(1);
    assertThat(wrongMethod.err()).isEqualTo("error: --auth-method must be one of shared_private_key, x509_thumbprint,"
        + " x509_ca, not 'password'\n");
    assertThat(missingId.exitCode()).isEqualTo(2);
    assertThat(missingId.err()).contains("Missing required option: '--device-id=ID'")
        .contains("See 'fleethub device show --help'.");
    assertThat(badDuration.err()).isEqualTo("error: --duration must be like 30s, 15m, 1h, 7d or PT1H, not 'forever'\n");
  }

  private static CliRun fleethub(String... args) {
    List<String> withDataDir = new ArrayList<>(List.of(args));
    withDataDir.add("--data-dir");
    withDataDir.add(dataDir.toString());
    return CliRun.of(Map.of(), withDataDir.toArray(String[]::new));
  }

  private static List<String> deviceIds(JsonNode devices) {
    List<String> ids = new ArrayList<>();
    devices.forEach(device -> ids.add(device.get("deviceId").asText()));
    return ids;
  }
}
