package io.fleethub.compat.eventhubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.auth.SasToken;
import io.fleethub.server.ConnectionStrings;
import io.fleethub.server.HubInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The hub's service REST API as a back end calls it: over HTTPS trusting the hub's CA, each request signed with
 * the owner policy's key from {@code hub.json}.
 */
final class ServiceRest {
  private static final String API_VERSION = "2021-04-12";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubInfo info;
  private final URI base;
  private final HttpClient http;

  ServiceRest(HubInfo info) throws IOException {
    this.info = info;
    this.base = URI.create(info.listener("https").orElseThrow().url());
    this.http = HttpClient.newBuilder().sslContext(HubTrust.context(info.caCertificate()))
        .connectTimeout(TIMEOUT).build();
  }

  /** Creates a device with generated SAS keys; returns its primary key. */
  String createDevice(String deviceId) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(device(deviceId))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"" + deviceId + "\"}")));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("creating " + deviceId + " answered " + response.statusCode() + " "
          + response.body());
    }
    return JSON.readTree(response.body()).path("authentication").path("symmetricKey").path("primaryKey").asText();
  }

  /** {@code GET /devices/{id}}: the status code and the body as JSON. */
  HttpResponse<String> getDevice(String deviceId) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(device(deviceId)).GET());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private URI device(String deviceId) {
    return base.resolve("/devices/" + deviceId + "?api-version=" + API_VERSION);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(TIMEOUT).header("Authorization", ownerToken()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String ownerToken() {
    String ownerKey = ConnectionStrings.parse(info.connectionString()).get("sharedaccesskey");
    return SasToken.sign(info.hostName(), ownerKey, Instant.now().plus(Duration.ofMinutes(10)),
        Optional.of("iothubowner")).toString();
  }
}
