package io.fleethub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.server.config.ConfigException;
import io.fleethub.store.sql.SqlStores;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleethubServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dataDir;

  @Test
  void firstStartCreatesTheDatabaseCertificatesPoliciesAndHubJson() throws Exception {
    // WHEN a hub starts on an empty data directory
    HubInfo info;
    try (FleethubServer server = TestHubs.start(dataDir)) {
      info = server.info();
    }

    // THEN the directory holds the database, the PEM files, hosts and hub.json
    assertThat(dataDir.resolve("fleethub.db")).isRegularFile();
    assertThat(dataDir.resolve("ca.pem")).isRegularFile();
    assertThat(dataDir.resolve("server.pem")).isRegularFile();
    assertThat(dataDir.resolve("server-key.pem")).isRegularFile();
    assertThat(dataDir.resolve("hosts")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("hub.json"))))
        .isEqualTo("rw-------");
    assertThat(HubInfo.read(dataDir.resolve("hub.json"))).isEqualTo(info);
    // AND the five standard policies are stored
    try (SqlStores stores = SqlStores.sqlite(dataDir.resolve("fleethub.db"))) {
      assertThat(stores.policies().listPolicies()).extracting(p -> p.keyName())
          .containsExactly("iothubowner", "service", "device", "registryRead", "registryReadWrite");
    }
  }

  @Test
  void hubInfoSaysHowToReachAndTrustTheHub() throws Exception {
    try (FleethubServer server = TestHubs.start(dataDir)) {
      HubInfo info = server.info();

      assertThat(info.hostName()).isEqualTo("fleethub.test");
      assertThat(info.hubName()).isEqualTo("fleethub");
      assertThat(info.connectionString())
          .matches("HostName=fleethub\\.test;SharedAccessKeyName=iothubowner;SharedAccessKey=[A-Za-z0-9+/=]{44}");
      assertThat(info.caCertificate()).isEqualTo(dataDir.resolve("ca.pem").toAbsolutePath());
      assertThat(info.hostsFile()).isEqualTo(dataDir.resolve("hosts").toAbsolutePath());
      HubInfo.Listener https = info.listener("https").orElseThrow();
      assertThat(https.port()).isPositive().isNotEqualTo(443);
      assertThat(https.bindAddress()).isEqualTo("127.0.0.1");
      assertThat(https.url()).isEqualTo("https://fleethub.test:" + https.port());
      HubInfo.Listener mqtt = info.listener("mqtts").orElseThrow();
      assertThat(mqtt.port()).isPositive().isNotEqualTo(8883).isNotEqualTo(https.port());
      assertThat(mqtt.url()).isEqualTo("mqtts://fleethub.test:" + mqtt.port());
      assertThat(info.listener("wss").orElseThrow().url())
          .isEqualTo("wss://fleethub.test:" + https.port() + "/$iothub/websocket");
      HubInfo.Listener amqp = info.listener("amqps").orElseThrow();
      assertThat(amqp.url()).isEqualTo("amqps://fleethub.test:" + amqp.port());
      HubInfo.Listener plain = info.listener("amqp").orElseThrow();
      assertThat(plain.bindAddress()).isEqualTo("127.0.0.1");
      assertThat(info.eventHubConnectionString()).matches("Endpoint=sb://fleethub\\.test:" + amqp.port()
          + "/;SharedAccessKeyName=service;SharedAccessKey=[A-Za-z0-9+/=]{44};EntityPath=fleethub");
      assertThat(info.listeners()).extracting(HubInfo.Listener::protocol)
          .containsExactly("https", "mqtts", "wss", "amqps", "amqp");
    }
  }

  @Test
  void theConnectionStringInHubJsonWorksAgainstTheRestApi() throws Exception {
    try (FleethubServer server = TestHubs.start(dataDir)) {
      HubInfo info = HubInfo.read(dataDir.resolve("hub.json"));
      assertThat(info).isEqualTo(server.info());

      HttpResponse<String> response = TestHubs.send(info, HttpRequest.newBuilder(TestHubs.uri(info, "/devices")));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).isArray()).isTrue();
    }
  }

  @Test
  void aRestartKeepsDevicesKeysPoliciesAndCertificates() throws Exception {
    // GIVEN a hub where two devices were created over REST
    JsonNode first;
    JsonNode second;
    HubInfo before;
    try (FleethubServer server = TestHubs.start(dataDir)) {
      before = server.info();
      first = createDevice(before, "sensor-1");
      second = createDevice(before, "sensor-2");
    }
    byte[] ca = Files.readAllBytes(dataDir.resolve("ca.pem"));
    byte[] serverChain = Files.readAllBytes(dataDir.resolve("server.pem"));

    // WHEN a hub starts again on the same data directory
    try (FleethubServer server = TestHubs.start(dataDir)) {
      HubInfo after = server.info();

      // THEN the owner key is unchanged, so the old connection string still works
      assertThat(after.connectionString()).isEqualTo(before.connectionString());
      // AND the devices are there with the same keys and generation ids
      HttpResponse<String> list = TestHubs.send(after, HttpRequest.newBuilder(TestHubs.uri(after, "/devices")));
      JsonNode devices = JSON.readTree(list.body());
      assertThat(devices).hasSize(2);
      for (JsonNode created : List.of(first, second)) {
        JsonNode found = getDevice(after, created.get("deviceId").asText());
        assertThat(found.get("authentication")).isEqualTo(created.get("authentication"));
        assertThat(found.get("generationId")).isEqualTo(created.get("generationId"));
      }
      // AND the certificates were reused
      assertThat(Files.readAllBytes(dataDir.resolve("ca.pem"))).isEqualTo(ca);
      assertThat(Files.readAllBytes(dataDir.resolve("server.pem"))).isEqualTo(serverChain);
    }
  }

  @Test
  void aRestartUnderANewHostNameKeepsTheCaAndServesTheNewName() throws Exception {
    try (FleethubServer server = TestHubs.start(dataDir)) {
      assertThat(server.info().hostName()).isEqualTo("fleethub.test");
    }
    byte[] ca = Files.readAllBytes(dataDir.resolve("ca.pem"));

    try (FleethubServer server = FleethubServer.start(
        TestHubs.config(dataDir, Map.of("hostname", "fleethub.example.test")))) {
      HubInfo info = server.info();

      assertThat(Files.readAllBytes(dataDir.resolve("ca.pem"))).isEqualTo(ca);
      assertThat(info.connectionString()).startsWith("HostName=fleethub.example.test;");
      HttpResponse<String> response = TestHubs.send(info, HttpRequest.newBuilder(TestHubs.uri(info, "/devices")));
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aTakenPortIsReportedWithTheFlagToChange() {
    try (FleethubServer first = TestHubs.start(dataDir.resolve("first"))) {
      int port = first.info().listener("https").orElseThrow().port();

      assertThatThrownBy(() -> FleethubServer.start(
          TestHubs.config(dataDir.resolve("second"), Map.of("https-port", Integer.toString(port)))))
          .isInstanceOf(StartupException.class)
          .hasMessage("cannot bind " + port + ": address already in use — stop the process using it or pass"
              + " --https-port with another port");
    }
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsReported() throws Exception {
    Path file = Files.writeString(dataDir.resolve("a-file"), "not a directory");

    assertThatThrownBy(() -> TestHubs.start(file.resolve("data")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("data directory " + file.resolve("data") + " is not writable (")
        .hasMessageEndingWith("— pass --data-dir with a directory this user can write");
  }

  @Test
  void closeIsIdempotent() {
    FleethubServer server = TestHubs.start(dataDir);
    server.close();
    server.close();
  }

  private static JsonNode createDevice(HubInfo info, String deviceId) throws Exception {
    HttpResponse<String> response = TestHubs.send(info,
        HttpRequest.newBuilder(TestHubs.uri(info, "/devices/" + deviceId))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"" + deviceId + "\"}")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static JsonNode getDevice(HubInfo info, String deviceId) throws Exception {
    HttpResponse<String> response =
        TestHubs.send(info, HttpRequest.newBuilder(TestHubs.uri(info, "/devices/" + deviceId)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
