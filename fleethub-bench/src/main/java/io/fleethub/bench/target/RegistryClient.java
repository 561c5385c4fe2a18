package io.fleethub.bench.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.SasToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The part of a hub's service REST API the bench needs: make sure a device with SAS keys exists and learn its
 * primary key. Requests are signed with the hub's policy and retried a few times when the hub throttles (429)
 * or is busy (503). Thread-safe; futures complete on the HTTP client's threads, failing with
 * {@link TargetException}.
 */
final class RegistryClient {
  static final String API_VERSION = HubAddress.API_VERSION;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofHours(1);
  private static final int MAX_ATTEMPTS = 5;
  private static final int MAX_BODY_IN_MESSAGE = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubAddress hub;
  private final Clock clock;
  private final KeyGenerator keys;
  private final HttpClient http;

  /** @throws IllegalArgumentException when the hub's CA file is unusable */
  RegistryClient(HubAddress hub, Clock clock, KeyGenerator keys) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .sslContext(CaFiles.sslContext(hub.caFile()))
        .build();
  }

  /**
   * A device's primary key, and whether this call created it.
   *
   * @param created false when the device already existed; its key is then the registry's
   */
  record Registration(String primaryKey, boolean created) {}

  /**
   * Creates {@code deviceId} with new random SAS keys, or, when it exists (409), reads its key. Idempotent.
   * Fails when the existing device has no SAS keys or the registry refuses.
   */
  CompletableFuture<Registration> register(String deviceId) {
    String primaryKey = keys.newKey();
    ObjectNode body = JSON.createObjectNode().put("deviceId", deviceId);
    body.putObject("authentication").put("type", "sas").putObject("symmetricKey")
        .put("primaryKey", primaryKey)
        .put("secondaryKey", keys.newKey());
    HttpRequest.Builder put = request(deviceId)
        .header("Content-Type", "application/json; charset=utf-8")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
    return send(put, 1).thenCompose(response -> switch (response.statusCode()) {
      case 200, 201 -> CompletableFuture.completedFuture(new Registration(primaryKey, true));
      case 409 -> send(request(deviceId).GET(), 1).thenApply(existing -> existing(deviceId, existing));
      default -> throw refused("create device " + deviceId, response);
    });
  }

  private Registration existing(String deviceId, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw refused("read device " + deviceId, response);
    }
    JsonNode authentication;
    try {
      authentication = JSON.readTree(response.body()).path("authentication");
    } catch (IOException e) {
      throw new TargetException("the hub answered GET /devices/" + deviceId + " with a body that is not JSON");
    }
    String type = authentication.path("type").asText("");
    String key = authentication.path("symmetricKey").path("primaryKey").asText("");
    if (!type.equalsIgnoreCase("sas") || key.isEmpty()) {
      throw new TargetException("device " + deviceId + " already exists and authenticates with '" + type
          + "', not SAS keys; delete it or choose another --device-prefix");
    }
    return new Registration(key, false);
  }

  private HttpRequest.Builder request(String deviceId) {
    return HttpRequest.newBuilder(URI.create(hub.registry() + "/devices/"
            + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "?api-version=" + API_VERSION))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
  }

  /** Sends with a fresh service token; retries a throttled or busy answer after a pause growing per attempt. */
  private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request, int attempt) {
    HttpRequest signed = request.copy().setHeader("Authorization", serviceToken()).build();
    return http.sendAsync(signed, HttpResponse.BodyHandlers.ofString())
        .handle((response, error) -> {
          if (error != null) {
            throw unreachable(error);
          }
          return response;
        })
        .thenCompose(response -> {
          boolean busy = response.statusCode() == 429 || response.statusCode() == 503;
          if (!busy || attempt >= MAX_ATTEMPTS) {
            return CompletableFuture.completedFuture(response);
          }
          return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(attempt, TimeUnit.SECONDS))
              .thenCompose(ignored -> send(request, attempt + 1));
        });
  }

  private String serviceToken() {
    return SasToken.sign(hub.hostName(), hub.policyKey(), clock.instant().plus(SERVICE_TOKEN_LIFETIME),
        Optional.of(hub.policyName())).toString();
  }

  private TargetException unreachable(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return new TargetException("cannot reach the hub's registry at " + hub.registry() + ": " + reason(cause),
        cause);
  }

  /** The first message in the cause chain: the HTTP client's own exceptions often have none. */
  private static String reason(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  private TargetException refused(String what, HttpResponse<String> response) {
    int status = response.statusCode();
    String hint = status == 401 || status == 403
        ? " (the policy " + hub.policyName() + " must be valid and have RegistryWrite)" : "";
    String body = response.body() == null ? "" : response.body().strip();
    if (body.length() > MAX_BODY_IN_MESSAGE) {
      body = body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
    return new TargetException("the hub's registry refused to " + what + ": HTTP " + status + hint
        + (body.isEmpty() ? "" : ": " + body));
  }
}
