package io.fleethub.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.HubStores;
import io.fleethub.testkit.memory.InMemoryEventLog;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.TwinStore;
import io.fleethub.testkit.MutableClock;
import io.fleethub.core.memory.InMemoryCaCertificateStore;
import io.fleethub.core.memory.InMemoryCloudToDeviceStore;
import io.fleethub.core.memory.InMemoryConsumerGroupStore;
import io.fleethub.core.memory.InMemoryPolicyStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.memory.InMemoryTwinStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A hub on in-memory stores behind a real {@link HttpsListener} on a free port, with an HTTPS client that trusts
 * its self-signed certificate. The stores record any call made on a Vert.x event loop thread.
 */
public final class RunningHub implements AutoCloseable {
  public static final String HOST_NAME = "hub.fleethub.test";
  public static final Instant START = Instant.parse("2024-01-02T03:04:05.678901234Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SelfSignedCertificate certificate;

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryRegistryStore registryStore = new InMemoryRegistryStore();
  private final InMemoryPolicyStore policyStore = new InMemoryPolicyStore();
  private final List<String> eventLoopStoreCalls = new CopyOnWriteArrayList<>();
  private final List<String> storeCalls = new CopyOnWriteArrayList<>();
  private final InMemoryEventLog eventLog = new InMemoryEventLog(4);
  /** While set, event log appends wait for it; completing it lets them through. */
  private volatile CompletableFuture<Void> appendGate = CompletableFuture.completedFuture(null);
  private volatile RuntimeException storeFailure;
  private final Hub hub;
  private final Vertx vertx = Vertx.vertx();
  private final HttpsListener listener;
  private final HttpClient client;

  private RunningHub() throws Exception {
    SharedAccessPolicy.generateStandard(KeyGenerator.secure()).forEach(policyStore::putPolicy);
    hub = new Hub(new HubIdentity(HOST_NAME, "hub"), clock,
        new HubStores(watched(RegistryStore.class, registryStore), watched(PolicyStore.class, policyStore),
            watched(CaCertificateStore.class, new InMemoryCaCertificateStore()), gated(eventLog),
            watched(TwinStore.class, new InMemoryTwinStore()),
            watched(CloudToDeviceStore.class, new InMemoryCloudToDeviceStore()), new InMemoryConsumerGroupStore()),
        KeyGenerator.secure());
    SelfSignedCertificate cert = certificate();
    listener = HttpsListener.start(vertx, hub,
            new HttpsSettings("127.0.0.1", 0, cert.certificatePem(), cert.privateKeyPem()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = HttpClient.newBuilder()
        .sslContext(cert.trustingContext())
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public static RunningHub start() throws Exception {
    return new RunningHub();
  }

  public MutableClock clock() {
    return clock;
  }

  public Hub hub() {
    return hub;
  }

  public int port() {
    return listener.port();
  }

  /** The hub's event log, where device telemetry is stored. */
  public InMemoryEventLog eventLog() {
    return eventLog;
  }

  /**
   * Holds every later event log append until the returned future completes (the append then proceeds) or fails
   * (the append fails with its cause), as a slow or broken disk would.
   */
  public CompletableFuture<Void> holdAppends() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    appendGate = gate;
    return gate;
  }

  /** Store calls that ran on an event loop thread; a correct listener makes none. */
  public List<String> storeCallsOnEventLoop() {
    return List.copyOf(eventLoopStoreCalls);
  }

  /** Every store call so far, as {@code Type.method}, in order; for tests that wait for a request to reach the core. */
  public List<String> storeCalls() {
    return List.copyOf(storeCalls);
  }

  /** A service connection string of the named standard policy, for the official SDKs. */
  public String connectionString(String policyName) {
    return "HostName=" + HOST_NAME + ";SharedAccessKeyName=" + policyName + ";SharedAccessKey="
        + policyStore.findPolicy(policyName).orElseThrow().primaryKey();
  }

  /** A TLS client context that trusts the listener's certificate, which also names {@link #HOST_NAME}. */
  public static SSLContext trustingContext() throws IOException {
    return certificate().trustingContext();
  }

  /** Makes every later registry store call throw {@code failure}, as a broken database would. */
  public void failStoreCallsWith(RuntimeException failure) {
    storeFailure = failure;
  }

  /** A token of the named standard policy, signed with its primary key, valid for an hour from the hub's now. */
  public String token(String policyName) {
    return token(policyName, hub.clock().instant().plus(Duration.ofHours(1)));
  }

  public String token(String policyName, Instant expiry) {
    SharedAccessPolicy policy = policyStore.findPolicy(policyName).orElseThrow();
    return SasToken.sign(HOST_NAME, policy.primaryKey(), expiry, Optional.of(policyName)).toString();
  }

  /** A request authorized by the {@code iothubowner} policy, unless the test says otherwise. */
  public Request request(String method, String pathAndQuery) {
    return new Request(method, pathAndQuery).token(token("iothubowner"));
  }

  /**
   * Sends a GET with {@code rawPath} written into the request line byte for byte, as a client that does not
   * percent-encode (the Java service SDK) would; returns the status code and the body.
   */
  public RawResponse rawGet(String rawPath) throws IOException {
    try (SSLSocket socket = openTlsSocket()) {
      String request = "GET " + rawPath + " HTTP/1.1\r\nHost: " + HOST_NAME + "\r\nAuthorization: "
          + token("iothubowner") + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
      return new RawResponse(status, response.substring(response.indexOf("\r\n\r\n") + 4));
    }
  }

  /** A TLS connection to the hub with a ten-second read timeout, for tests that write HTTP by hand. */
  public SSLSocket openTlsSocket() throws IOException {
    SSLSocket socket = (SSLSocket) certificate().trustingContext().getSocketFactory().createSocket("127.0.0.1", port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** A response read off the socket by {@link #rawGet}. */
  public record RawResponse(int status, String body) {}

  /** Stops the listener and Vert.x, waiting up to ten seconds for each. */
  @Override
  public void close() {
    await(listener.close());
    await(vertx.close());
  }

  private static void await(Future<Void> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the hub", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the hub did not stop cleanly", e);
    }
  }

  private EventLog gated(EventLog target) {
    return (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(), new Class<?>[] {EventLog.class},
        (p, method, args) -> {
          if (method.getName().equals("append")) {
            return appendGate.thenCompose(open -> target.append((Integer) args[0],
                (io.fleethub.core.eventlog.EventData) args[1]));
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private <T> T watched(Class<T> type, T target) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
      storeCalls.add(type.getSimpleName() + "." + method.getName());
      if (Context.isOnEventLoopThread()) {
        eventLoopStoreCalls.add(type.getSimpleName() + "." + method.getName());
      }
      if (storeFailure != null && type == RegistryStore.class) {
        throw storeFailure;
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    return type.cast(proxy);
  }

  private static synchronized SelfSignedCertificate certificate() throws IOException {
    if (certificate == null) {
      Path directory = Files.createTempDirectory("fleethub-https-test");
      directory.toFile().deleteOnExit();
      certificate = SelfSignedCertificate.generate(directory);
      certificate.certificatePem().toFile().deleteOnExit();
      certificate.privateKeyPem().toFile().deleteOnExit();
    }
    return certificate;
  }

  /** One HTTPS request to the hub; {@link #send()} performs it. */
  public final class Request {
    private final String method;
    private final String pathAndQuery;
    private final HttpRequest.Builder builder;
    private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    private Optional<String> token = Optional.empty();
    private HttpClient sender = client;

    private Request(String method, String pathAndQuery) {
      this.method = method;
      this.pathAndQuery = pathAndQuery;
      this.builder = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + pathAndQuery))
          .timeout(Duration.ofSeconds(10));
    }

    public Request token(String sasToken) {
      token = Optional.of(sasToken);
      return this;
    }

    public Request withoutToken() {
      token = Optional.empty();
      return this;
    }

    public Request header(String name, String value) {
      builder.header(name, value);
      return this;
    }

    public Request body(String json) {
      builder.header("Content-Type", "application/json; charset=utf-8");
      body = HttpRequest.BodyPublishers.ofString(json);
      return this;
    }

    public Request body(String contentType, byte[] bytes) {
      builder.header("Content-Type", contentType);
      body = HttpRequest.BodyPublishers.ofByteArray(bytes);
      return this;
    }

    /** Sends the request on a connection that presents {@code certificate} as its TLS client certificate. */
    public Request clientCertificate(X509Certificate certificate, PrivateKey key) {
      sender = HttpClient.newBuilder()
          .sslContext(clientContext(certificate, key))
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
      return this;
    }

    public Response send() {
      token.ifPresent(t -> builder.header("Authorization", t));
      try {
        return new Response(sender.send(builder.method(method, body).build(), HttpResponse.BodyHandlers.ofString()));
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + pathAndQuery + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static SSLContext clientContext(X509Certificate certificate, PrivateKey key) {
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry("device", key, new char[0], new X509Certificate[] {certificate});
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, new char[0]);
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      trustStore.setCertificateEntry("hub", certificate().certificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context with a client certificate", e);
    }
  }

  /** A response with its body read as JSON on demand. */
  public record Response(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public String body() {
      return raw.body();
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("response body is not JSON: " + raw.body(), e);
      }
    }

    @Override
    public String toString() {
      return raw.statusCode() + " " + raw.headers().map() + " " + raw.body();
    }
  }
}
