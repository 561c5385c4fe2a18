package io.fleethub.bench.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.bench.target.HubAddress;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Invokes direct methods as a back end does, through the hub's service REST API:
 * {@code POST {registry}/twins/{deviceId}/methods?api-version=..} with
 * {@code {"methodName":..,"payload":..,"responseTimeoutInSeconds":..,"connectTimeoutInSeconds":0}}, signed with a
 * {@link ServiceToken}.
 *
 * <p>One Vert.x HTTP/1.1 client on a few event-loop threads, BoringSSL for TLS when it is available, keeping its
 * TLS connections open between calls. No pipelining: a call waits for a device, so an answer queued behind a slow
 * one would be timed wrongly; the pool opens a connection per call in flight instead, up to {@code maxConnections}
 * (calls beyond wait for a free connection). Thread-safe; futures complete on the client's event-loop threads.
 * {@link #close} releases the threads and connections.
 */
public final class MethodInvoker implements AutoCloseable {
  /** The name of every method the bench calls. */
  public static final String METHOD_NAME = "bench";

  /** The hub's answer to a call, whatever its status. */
  public record Answer(int status, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  /** How much longer than the hub's own timeout the client waits for the hub's answer. */
  private static final Duration REQUEST_TIMEOUT_MARGIN = Duration.ofSeconds(10);

  private final ServiceToken token;
  private final String pathPrefix;
  private final Vertx vertx;
  private final HttpClientAgent client;
  private final Buffer body;
  private final long requestTimeoutMillis;

  /**
   * @param responseTimeout how long the hub waits for the device's answer, 5 s to 300 s as IoT Hub allows
   * @param threads event-loop threads of the HTTP client, at least 1
   * @param maxConnections connections open at most, at least 1
   * @throws IllegalArgumentException for a timeout or count out of range
   */
  public MethodInvoker(HubAddress hub, ServiceToken token, Duration responseTimeout, int threads,
      int maxConnections) {
    Objects.requireNonNull(hub, "hub");
    this.token = Objects.requireNonNull(token, "token");
    if (responseTimeout.getSeconds() < 5 || responseTimeout.getSeconds() > 300 || responseTimeout.getNano() != 0) {
      throw new IllegalArgumentException("the response timeout is 5 to 300 whole seconds, not " + responseTimeout);
    }
    if (threads < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("at least 1 thread and 1 connection, not " + threads + " and "
          + maxConnections);
    }
    URI registry = hub.registry();
    this.pathPrefix = pathPrefix(registry);
    HttpClientOptions options = new HttpClientOptions()
        .setSsl("https".equalsIgnoreCase(registry.getScheme()))
        .setVerifyHost(true)
        .setSslEngineOptions(OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions()
            : new JdkSSLEngineOptions())
        .setDefaultHost(registry.getHost())
        .setDefaultPort(registry.getPort() > 0 ? registry.getPort()
            : "https".equalsIgnoreCase(registry.getScheme()) ? 443 : 80)
        .setKeepAlive(true)
        .setPipelining(false)
        .setTcpNoDelay(true)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    hub.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnections)
        .setEventLoopSize(threads));
    this.body = Buffer.buffer(body(responseTimeout));
    this.requestTimeoutMillis = responseTimeout.plus(REQUEST_TIMEOUT_MARGIN).toMillis();
  }

  /** The request body of every call: a small payload and the timeouts. */
  static byte[] body(Duration responseTimeout) {
    ObjectNode call = JSON.createObjectNode().put("methodName", METHOD_NAME);
    call.putObject("payload").put("bench", "fleethub");
    call.put("responseTimeoutInSeconds", responseTimeout.getSeconds()).put("connectTimeoutInSeconds", 0);
    return call.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What the path of every call starts with: the registry's path, then {@code /twins/}. */
  static String pathPrefix(URI registry) {
    return (registry.getRawPath() == null ? "" : registry.getRawPath().replaceAll("/+$", "")) + "/twins/";
  }

  /** The request path of a call on {@code deviceId}, query included. */
  static String path(String pathPrefix, String deviceId) {
    return pathPrefix + URLEncoder.encode(deviceId, StandardCharsets.UTF_8).replace("+", "%20")
        + "/methods?api-version=" + HubAddress.API_VERSION;
  }

  /**
   * Calls the method on {@code deviceId}; the future holds the hub's answer, whatever its status, or fails when
   * no answer came (connection refused, timed out).
   */
  public CompletableFuture<Answer> invoke(String deviceId) {
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setURI(path(pathPrefix, deviceId))
        .setIdleTimeout(requestTimeoutMillis)
        .putHeader("Authorization", token.current())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Accept", "application/json");
    return client.request(request)
        .compose(call -> call.send(body))
        .compose(response -> response.body()
            .map(answer -> new Answer(response.statusCode(), answer.toString(StandardCharsets.UTF_8))))
        .toCompletionStage()
        .toCompletableFuture();
  }

  /** Closes the connections and stops the client's threads; calls in flight fail. */
  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
