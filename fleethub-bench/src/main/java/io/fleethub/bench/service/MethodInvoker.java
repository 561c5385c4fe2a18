package io.fleethub.bench.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.bench.target.CaFiles;
import io.fleethub.bench.target.HubAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Invokes direct methods as a back end does, through the hub's service REST API:
 * {@code POST {registry}/twins/{deviceId}/methods?api-version=..} with
 * {@code {"methodName":..,"payload":..,"responseTimeoutInSeconds":..,"connectTimeoutInSeconds":0}}, signed with a
 * {@link ServiceToken}. Calls are spread round-robin over a few HTTP/1.1 clients, each keeping its TLS connections
 * open between calls and opening another when all are busy, so that the client's selector threads do not limit
 * the rate. Thread-safe; futures complete on the HTTP clients' threads.
 */
public final class MethodInvoker {
  /** The name of every method the bench calls. */
  public static final String METHOD_NAME = "bench";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How much longer than the hub's own timeout the client waits for the hub's answer. */
  private static final Duration REQUEST_TIMEOUT_MARGIN = Duration.ofSeconds(10);

  private final HubAddress hub;
  private final ServiceToken token;
  private final HttpClient[] clients;
  private final byte[] body;
  private final Duration requestTimeout;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param responseTimeout how long the hub waits for the device's answer, 5 s to 300 s as IoT Hub allows
   * @param clients HTTP clients to spread the calls over, at least 1
   * @throws IllegalArgumentException for a timeout or client count out of range, or an unusable CA file
   */
  public MethodInvoker(HubAddress hub, ServiceToken token, Duration responseTimeout, int clients) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.token = Objects.requireNonNull(token, "token");
    if (responseTimeout.getSeconds() < 5 || responseTimeout.getSeconds() > 300 || responseTimeout.getNano() != 0) {
      throw new IllegalArgumentException("the response timeout is 5 to 300 whole seconds, not " + responseTimeout);
    }
    if (clients < 1) {
      throw new IllegalArgumentException("at least 1 HTTP client, not " + clients);
    }
    SSLContext tls = CaFiles.sslContext(hub.caFile());
    this.clients = new HttpClient[clients];
    for (int i = 0; i < clients; i++) {
      this.clients[i] = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .sslContext(tls)
          .build();
    }
    this.body = body(responseTimeout);
    this.requestTimeout = responseTimeout.plus(REQUEST_TIMEOUT_MARGIN);
  }

  /** The request body of every call: a small payload and the timeouts. */
  static byte[] body(Duration responseTimeout) {
    ObjectNode call = JSON.createObjectNode().put("methodName", METHOD_NAME);
    call.putObject("payload").put("bench", "fleethub");
    call.put("responseTimeoutInSeconds", responseTimeout.getSeconds()).put("connectTimeoutInSeconds", 0);
    return call.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Calls the method on {@code deviceId}; the future holds the hub's answer, whatever its status, or fails when
   * no answer came (connection refused, timed out).
   */
  public CompletableFuture<HttpResponse<String>> invoke(String deviceId) {
    HttpRequest request = HttpRequest.newBuilder(uri(deviceId))
        .timeout(requestTimeout)
        .header("Authorization", token.current())
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpClient client = clients[Math.floorMod(next.getAndIncrement(), clients.length)];
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String deviceId) {
    return URI.create(hub.registry() + "/twins/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8)
        + "/methods?api-version=" + HubAddress.API_VERSION);
  }
}
