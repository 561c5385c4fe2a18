package io.fleethub.server;

import io.fleethub.core.auth.SasToken;
import io.fleethub.server.config.ServerConfig;
import io.fleethub.server.tls.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Hubs for tests: on free ports, bound to loopback, named {@code fleethub.test} (not the default name, so the
 * machine's /etc/hosts is never touched), and an HTTPS client that trusts only a hub's ca.pem.
 */
public final class TestHubs {
  public static final String HOST_NAME = "fleethub.test";

  private TestHubs() {}

  public static ServerConfig config(Path dataDir) {
    return config(dataDir, Map.of());
  }

  /** The test configuration with some settings replaced, by config-file key. */
  public static ServerConfig config(Path dataDir, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(Map.of("data-dir", dataDir.toString(), "hostname", HOST_NAME,
        "bind", "127.0.0.1", "https-port", "0", "mqtt-port", "0", "amqp-port", "0",
        "amqp-plain-port", "0"));
    values.putAll(overrides);
    return ServerConfig.of(values);
  }

  public static FleethubServer start(Path dataDir) {
    return FleethubServer.start(config(dataDir));
  }

  /** Sends {@code request} to the hub at {@code https://localhost:<port><path>}, trusting only its CA. */
  public static HttpResponse<String> send(HubInfo info, HttpRequest.Builder request) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(info.caCertificate())).build();
    return client.send(request.header("Authorization", ownerToken(info)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static URI uri(HubInfo info, String path) {
    return URI.create("https://localhost:" + info.listener("https").orElseThrow().port() + path
        + (path.contains("?") ? "&" : "?") + "api-version=2021-04-12");
  }

  /** A token scoped to the hub's host name, signed with the key in hub.json's connection string. */
  public static String ownerToken(HubInfo info) {
    Map<String, String> parts = ConnectionStrings.parse(info.connectionString());
    return SasToken.sign(parts.get("hostname"), parts.get("sharedaccesskey"),
        Instant.now().plus(Duration.ofHours(1)), Optional.of(parts.get("sharedaccesskeyname"))).toString();
  }

  public static SSLContext trusting(Path caFile) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate certificate : Pem.readCertificates(caFile)) {
        store.setCertificateEntry("ca" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }
}
