package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.registry.Etag;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Calls the hub's service REST API as the Azure SDKs do: {@code api-version} on every request, and a fresh SAS
 * token signed with the target's policy key in the {@code Authorization} header. Refusals become
 * {@link CliException}s carrying IoT Hub's error code and message. Not shared between threads.
 */
final class HubClient {
  static final String API_VERSION = "2021-04-12";

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HubTarget target;
  private final Clock clock;
  private final HttpClient http;

  HubClient(HubTarget target, Clock clock) {
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = HttpClient.newBuilder()
        .sslContext(target.sslContext())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  HubTarget target() {
    return target;
  }

  /** A path from URL-encoded segments, e.g. {@code path("devices", id)} is {@code /devices/{id}}. */
  static String path(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return path.toString();
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  /**
   * PUT without {@code If-Match}: creates, and fails when the name is taken (IoT Hub's 409 for an identity, 412
   * for a CA certificate).
   */
  JsonNode put(String path, JsonNode body) {
    return send(request(path)
        .header("Content-Type", "application/json; charset=utf-8")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** POST with {@code If-Match}, and a JSON body when one is given. */
  JsonNode post(String path, Optional<JsonNode> body, String ifMatch) {
    HttpRequest.Builder request = request(path).header("If-Match", ifMatch(ifMatch));
    if (body.isPresent()) {
      request.header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body.get().toString()));
    } else {
      request.POST(HttpRequest.BodyPublishers.noBody());
    }
    return send(request);
  }

  /** POST of a JSON body without {@code If-Match}, waiting up to {@code timeout} for the answer. */
  JsonNode post(String path, JsonNode body, Duration timeout) {
    return send(request(path, timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** PATCH of a JSON body with {@code If-Match}: an etag as the hub wrote it (quoted or not), or {@code *}. */
  JsonNode patch(String path, JsonNode body, String ifMatch) {
    return send(request(path)
        .header("If-Match", ifMatch(ifMatch))
        .header("Content-Type", "application/json; charset=utf-8")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** DELETE with {@code If-Match: *} (whatever the etag). */
  void delete(String path) {
    delete(path, "*");
  }

  /** DELETE with {@code If-Match}: an etag as the hub wrote it (quoted or not), or {@code *}. */
  void delete(String path, String ifMatch) {
    send(request(path).header("If-Match", ifMatch(ifMatch)).DELETE());
  }

  /** The header form of an etag: {@code *} as it is, anything else in double quotes. */
  private static String ifMatch(String etag) {
    Etag parsed = Etag.parse(etag);
    return parsed.equals(Etag.ANY) ? "*" : parsed.quoted();
  }

  private HttpRequest.Builder request(String path) {
    return request(path, REQUEST_TIMEOUT);
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    String separator = path.contains("?") ? "&" : "?";
    URI uri = URI.create(target.baseUri() + path + separator + "api-version=" + API_VERSION);
    String token = SasToken.sign(target.hostName(), target.policyKey(), clock.instant().plus(TOKEN_LIFETIME),
        Optional.of(target.policyName())).toString();
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", token)
        .header("Accept", "application/json")
        .header("User-Agent", "fleethub-cli");
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the hub");
    }
    if (response.statusCode() >= 400) {
      throw HubErrors.refusal(request.method(), response.statusCode(), response.body());
    }
    if (response.body().isBlank()) {
      return JsonOutput.JSON.nullNode();
    }
    try {
      return JsonOutput.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException("the hub answered " + request.method() + " " + request.uri().getPath()
          + " with something that is not JSON: " + e.getMessage());
    }
  }

  private CliException unreachable(IOException e) {
    URI base = target.baseUri();
    if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
      return new CliException("cannot reach the hub at " + base + " (" + describe(e) + ") — is 'fleethub serve'"
          + " running? Pass --data-dir, --hub-url or --connection-string to point at another hub", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new CliException("the hub at " + base + " did not answer in time (" + describe(e) + ")", e);
    }
    if (e instanceof SSLException || e.getCause() instanceof SSLException) {
      return new CliException("TLS with " + base + " failed (" + describe(e) + ") — trust the hub's ca.pem"
          + " (--ca-file) and use a URL whose host name is in its certificate", e);
    }
    return new CliException("talking to the hub at " + base + " failed: " + describe(e), e);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
