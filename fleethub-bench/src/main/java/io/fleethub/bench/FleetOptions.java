package io.fleethub.bench;

import io.netty.handler.ssl.OpenSsl;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the simulated devices connect, shared by every scenario. */
final class FleetOptions {
  @Option(names = "--devices", paramLabel = "N", defaultValue = "100",
      description = "Simulated devices, each with its own MQTT connection (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--connect-rate", paramLabel = "PER_SECOND", defaultValue = "1000",
      description = "New connections started per second (default: ${DEFAULT-VALUE}).")
  double connectRate;

  @Option(names = "--max-pending-connects", paramLabel = "N", defaultValue = "200",
      description = "Connection attempts (TCP, TLS, CONNECT) in progress at once (default: ${DEFAULT-VALUE}).")
  int maxPendingConnects;

  @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "16",
      description = "With a server on 127.0.0.1, spread connections over source addresses 127.0.0.1 to"
          + " 127.0.0.N (about 28,000 connections fit per address); 0 lets the OS choose (default: ${DEFAULT-VALUE}).")
  int sourceAddresses;

  @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "240",
      description = "MQTT keep-alive; each device sends PINGREQ this often (default: ${DEFAULT-VALUE}).")
  int keepAliveSeconds;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long a device may take to connect before it counts as failed (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "Client event loops shared by all connections; 0 = one per core (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--tls-provider", paramLabel = "PROVIDER", defaultValue = "auto",
      description = "Client TLS implementation: openssl (BoringSSL from netty-tcnative, cheaper on the CPU the"
          + " server also needs), jdk, or auto: openssl when available (default: ${DEFAULT-VALUE}).")
  String tlsProvider;

  /** {@code jdk} or {@code openssl}; {@link BenchException} when OpenSSL is asked for and not available. */
  String resolvedTlsProvider() {
    return switch (tlsProvider) {
      case "auto" -> OpenSsl.isAvailable() ? "openssl" : "jdk";
      case "jdk" -> "jdk";
      case "openssl" -> {
        if (!OpenSsl.isAvailable()) {
          throw new BenchException("--tls-provider openssl: netty-tcnative is not usable here ("
              + OpenSsl.unavailabilityCause() + "); use --tls-provider jdk");
        }
        yield "openssl";
      }
      default -> throw new BenchException("--tls-provider must be auto, openssl or jdk, not '" + tlsProvider + "'");
    };
  }

  int threadCount() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
