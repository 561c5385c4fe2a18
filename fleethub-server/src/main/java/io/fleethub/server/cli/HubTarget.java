package io.fleethub.server.cli;

import io.fleethub.bench.service.ServiceAmqpConnection;
import io.fleethub.bench.service.ServiceToken;
import io.fleethub.bench.target.TargetException;
import io.fleethub.server.ConnectionStrings;
import io.fleethub.server.HubInfo;
import io.fleethub.server.tls.Pem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A hub the CLI talks to, resolved from {@link HubTargetOptions}: where its HTTPS API and its AMQP listener are,
 * the host name tokens are scoped to, the hub's name, the policy the CLI signs with, and the TLS trust to use.
 *
 * @param baseUri e.g. {@code https://localhost:8443}; with hub.json the CLI connects to this machine by
 *     {@code localhost} (which the server certificate carries), so the host name need not resolve
 * @param hubName the hub's name, which AMQP logins ({@code {policy}@sas.root.{hubName}}) carry and which is also
 *     the name of its Event Hub-compatible entity (the EntityPath of its Event Hub connection string)
 * @param caFile the CA certificate the CLI trusts; empty for the JVM's trusted CAs
 * @param amqpUri e.g. {@code amqps://localhost:5671}; empty when hub.json lists no AMQPS listener
 */
record HubTarget(URI baseUri, String hostName, String hubName, String policyName, String policyKey,
    SSLContext sslContext, Optional<Path> caFile, Optional<URI> amqpUri) {

  /** IoT Hub's AMQPS port, where a hub named by connection string is reached. */
  static final int AMQPS_PORT = 5671;

  /** How long each SAS token the CLI presents over AMQP is valid; it is renewed well before it expires. */
  private static final Duration AMQP_TOKEN_LIFETIME = Duration.ofHours(1);

  HubTarget {
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(hubName, "hubName");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(policyKey, "policyKey");
    Objects.requireNonNull(sslContext, "sslContext");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(amqpUri, "amqpUri");
  }

  /** This target with its AMQP listener at {@code url} ({@code amqps://host[:port]}, port 5671 by default). */
  HubTarget withAmqpUrl(String url) {
    return new HubTarget(baseUri, hostName, hubName, policyName, policyKey, sslContext, caFile,
        Optional.of(amqpUri(url)));
  }

  /** Where the hub's AMQP listener is; {@link CliException} saying how to name it when that is unknown. */
  URI requireAmqpUri() {
    return amqpUri.orElseThrow(() -> new CliException("the hub's hub.json lists no AMQPS listener; pass"
        + " --amqp-url amqps://host:port"));
  }

  /**
   * A back end's AMQP connection to the hub, logged in with SASL PLAIN as the IoT Hub service SDK logs in;
   * {@link CliException} when the hub's AMQP listener is unknown, {@link TargetException} saying why when the hub
   * cannot be reached or refuses the login.
   */
  ServiceAmqpConnection openAmqp(Clock clock) {
    return ServiceAmqpConnection.open(requireAmqpUri(), caFile,
        new ServiceToken(hostName, policyName, policyKey, clock, AMQP_TOKEN_LIFETIME),
        new ServiceAmqpConnection.Login.SaslPlain(hubName), "fleethub-cli");
  }

  /** Resolves the options; {@link CliException} saying what is missing or wrong otherwise. */
  static HubTarget resolve(HubTargetOptions options) {
    if (options.connectionString().isPresent()) {
      return fromConnectionString(options.connectionString().get(), options.caFile(), options.hubUrl());
    }
    return fromHubInfo(options.dataDir.resolve(HubInfo.FILE_NAME), options.caFile(), options.hubUrl());
  }

  private static HubTarget fromConnectionString(String connectionString, Optional<Path> caFile,
      Optional<String> hubUrl) {
    Map<String, String> parts;
    try {
      parts = ConnectionStrings.parse(connectionString);
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid --connection-string: " + e.getMessage());
    }
    String hostName = require(parts, "HostName");
    String policy = require(parts, "SharedAccessKeyName");
    String key = require(parts, "SharedAccessKey");
    URI base = uri(hubUrl.orElse("https://" + hostName));
    SSLContext trust = caFile.map(HubTarget::trusting).orElseGet(HubTarget::jvmDefault);
    return new HubTarget(base, hostName, hubNameOf(hostName), policy, key, trust, caFile,
        Optional.of(URI.create("amqps://" + hostName + ":" + AMQPS_PORT)));
  }

  private static HubTarget fromHubInfo(Path hubJson, Optional<Path> caFile, Optional<String> hubUrl) {
    HubInfo info;
    try {
      info = HubInfo.read(hubJson);
    } catch (NoSuchFileException e) {
      throw new CliException("no hub found: " + hubJson.toAbsolutePath() + " does not exist — start one with"
          + " 'fleethub serve', or pass --data-dir of a running hub, or --connection-string");
    } catch (IOException e) {
      throw new CliException("cannot read " + hubJson.toAbsolutePath() + ": " + e.getMessage());
    }
    HubInfo.Listener https = info.listener("https")
        .orElseThrow(() -> new CliException(hubJson.toAbsolutePath() + " lists no HTTPS listener"));
    Map<String, String> parts = ConnectionStrings.parse(info.connectionString());
    URI base = uri(hubUrl.orElse("https://" + localAddress(https.bindAddress()) + ":" + https.port()));
    Optional<URI> amqp = info.listener("amqps")
        .map(amqps -> URI.create("amqps://" + localAddress(amqps.bindAddress()) + ":" + amqps.port()));
    Path ca = caFile.orElse(info.caCertificate());
    return new HubTarget(base, info.hostName(), info.hubName(), require(parts, "SharedAccessKeyName"),
        require(parts, "SharedAccessKey"), trusting(ca), Optional.of(ca), amqp);
  }

  /** IoT Hub's rule: the hub's name is its host name up to the first dot. */
  private static String hubNameOf(String hostName) {
    int dot = hostName.indexOf('.');
    return dot > 0 ? hostName.substring(0, dot) : hostName;
  }

  /** How this machine reaches a listener bound to {@code bindAddress}, by a name its certificate carries. */
  private static String localAddress(String bindAddress) {
    boolean wildcardOrLoopback = bindAddress.equals("0.0.0.0") || bindAddress.equals("::")
        || bindAddress.startsWith("127.") || bindAddress.equals("localhost");
    return wildcardOrLoopback ? "localhost" : bindAddress;
  }

  private static String require(Map<String, String> parts, String key) {
    String value = parts.get(key.toLowerCase(Locale.ROOT));
    if (value == null || value.isBlank()) {
      throw new CliException("the connection string has no " + key + "; a service connection string reads"
          + " HostName=..;SharedAccessKeyName=..;SharedAccessKey=..");
    }
    return value;
  }

  private static URI uri(String url) {
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an https:// URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid hub URL '" + url + "': " + e.getMessage());
    }
  }

  private static URI amqpUri(String url) {
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (!"amqps".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an amqps:// URL");
      }
      return uri.getPort() < 0 ? URI.create("amqps://" + uri.getHost() + ":" + AMQPS_PORT) : uri;
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid AMQP URL '" + url + "': " + e.getMessage());
    }
  }

  /** A TLS context trusting only the certificates in {@code caFile}. */
  static SSLContext trusting(Path caFile) {
    try {
      List<X509Certificate> certificates = Pem.readCertificates(caFile);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (NoSuchFileException e) {
      throw new CliException("CA file " + caFile.toAbsolutePath() + " does not exist");
    } catch (IOException | GeneralSecurityException e) {
      throw new CliException("cannot use CA file " + caFile.toAbsolutePath() + ": " + e.getMessage());
    }
  }

  private static SSLContext jvmDefault() {
    try {
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new CliException("the JVM has no default TLS context: " + e.getMessage());
    }
  }
}
