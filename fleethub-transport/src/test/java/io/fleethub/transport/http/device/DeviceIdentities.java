package io.fleethub.transport.http.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.auth.SasToken;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Registers devices and modules through the service API of a {@link RunningHub} and signs their tokens. */
final class DeviceIdentities {
  private final RunningHub hub;

  DeviceIdentities(RunningHub hub) {
    this.hub = hub;
  }

  /** Registers a SAS device; returns its primary key. */
  String device(String id) {
    return register("/devices/" + id, "{}");
  }

  /** Registers a SAS module of an existing device; returns its primary key. */
  String module(String deviceId, String moduleId) {
    return register("/devices/" + deviceId + "/modules/" + moduleId, "{}");
  }

  void disabledDevice(String id) {
    register("/devices/" + id, "{\"status\":\"disabled\"}");
  }

  /** Registers a self-signed X.509 device with the given SHA-1 thumbprint. */
  void selfSignedDevice(String id, String sha1Thumbprint) {
    Response response = hub.request("PUT", "/devices/" + id).body("{\"authentication\":{\"type\":\"selfSigned\","
        + "\"x509Thumbprint\":{\"primaryThumbprint\":\"" + sha1Thumbprint + "\"}}}").send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
  }

  /** A token for {@code resource} (below the host name) signed with {@code key}, valid for an hour. */
  String token(String resource, String key) {
    return token(resource, key, hub.clock().instant().plus(Duration.ofHours(1)));
  }

  String token(String resource, String key, Instant expiry) {
    return SasToken.sign(RunningHub.HOST_NAME + resource, key, expiry, Optional.empty()).toString();
  }

  private String register(String path, String body) {
    Response response = hub.request("PUT", path).body(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().path("authentication").path("symmetricKey").path("primaryKey").asText();
  }
}
