package io.fleethub.server.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How a CLI command finds the hub: {@code <data-dir>/hub.json} written by a running {@code fleethub serve}, or a
 * service connection string (with the CA to trust and, for a port other than 443, the hub's URL). Inherited by
 * the subcommands of the command that mixes it in.
 */
public final class HubTargetOptions {
  @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
      defaultValue = "${env:FLEETHUB_DATA_DIR:-./data}",
      description = "Data directory of a hub started on this machine; its hub.json says how to reach it"
          + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--connection-string", paramLabel = "CS", scope = ScopeType.INHERIT,
      description = "Service connection string (HostName=..;SharedAccessKeyName=..;SharedAccessKey=..),"
          + " instead of hub.json.")
  String connectionString;

  @Option(names = "--ca-file", paramLabel = "PEM", scope = ScopeType.INHERIT,
      description = "CA certificate to trust with --connection-string (default: the JVM's trusted CAs).")
  Path caFile;

  @Option(names = "--hub-url", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Where the hub's HTTPS API is, e.g. https://fleethub.localhost:8443"
          + " (default: from hub.json, else https://<HostName>).")
  String hubUrl;

  Optional<String> connectionString() {
    return Optional.ofNullable(connectionString).filter(cs -> !cs.isBlank());
  }

  Optional<Path> caFile() {
    return Optional.ofNullable(caFile);
  }

  Optional<String> hubUrl() {
    return Optional.ofNullable(hubUrl).filter(url -> !url.isBlank());
  }
}
