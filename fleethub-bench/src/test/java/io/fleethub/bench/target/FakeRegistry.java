package io.fleethub.bench.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.SasTokenException;
import io.fleethub.testkit.pki.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The device registry of IoT Hub's service API over HTTPS on 127.0.0.1, as far as the bench uses it: PUT creates
 * (409 when the device exists), GET reads; requests need a policy token signed with {@link #POLICY_KEY}.
 */
final class FakeRegistry implements AutoCloseable {
  static final String HOST_NAME = "bench.localhost";
  static final String POLICY_KEY = "b3duZXIta2V5LW9mLXRoZS1mYWtlLXJlZ2lzdHJ5";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpsServer server;
  private final Path caFile;
  private final Map<String, String> primaryKeys = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  FakeRegistry(Path directory) throws Exception {
    TestCertificates.Issued ca = TestCertificates.rootCa("fake registry CA");
    TestCertificates.Issued leaf = TestCertificates.leaf(ca, "localhost");
    caFile = Files.writeString(directory.resolve("registry-ca.pem"), ca.pem());
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry("registry", leaf.keys().getPrivate(), new char[0],
        new Certificate[] {leaf.certificate(), ca.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/devices/", this::handle);
    server.start();
  }

  HubAddress address(String policyKey) {
    return new HubAddress(HOST_NAME, "iothubowner", policyKey,
        URI.create("https://localhost:" + server.getAddress().getPort()),
        new MqttUrl(true, "localhost", MqttUrl.MQTTS_PORT), Optional.empty(), Optional.of(caFile));
  }

  void addDevice(String deviceId, String primaryKey) {
    primaryKeys.put(deviceId, primaryKey);
  }

  Map<String, String> primaryKeys() {
    return primaryKeys;
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String deviceId = URLDecoder.decode(path.substring("/devices/".length()), StandardCharsets.UTF_8);
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, "{\"Message\":\"ErrorCode:IotHubUnauthorizedAccess;Unauthorized\"}");
      } else if (exchange.getRequestMethod().equals("PUT")) {
        JsonNode keys = JSON.readTree(body).path("authentication").path("symmetricKey");
        String key = keys.path("primaryKey").asText();
        boolean created = primaryKeys.putIfAbsent(deviceId, key) == null;
        reply(exchange, created ? 200 : 409, created ? device(deviceId, key)
            : "{\"Message\":\"ErrorCode:DeviceAlreadyExists;A device with ID '" + deviceId
                + "' is already registered.\"}");
      } else {
        String key = primaryKeys.get(deviceId);
        reply(exchange, key == null ? 404 : 200, key == null ? "{}" : device(deviceId, key));
      }
    }
  }

  private static boolean authorized(String header) {
    try {
      SasToken token = SasToken.parse(header);
      return token.resource().equals(HOST_NAME) && token.isSignedByAnyOf(List.of(POLICY_KEY));
    } catch (SasTokenException e) {
      return false;
    }
  }

  private static String device(String deviceId, String primaryKey) {
    return JSON.createObjectNode().put("deviceId", deviceId).set("authentication", JSON.createObjectNode()
        .put("type", "sas")
        .set("symmetricKey", JSON.createObjectNode().put("primaryKey", primaryKey).put("secondaryKey", "x")))
        .toString();
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
