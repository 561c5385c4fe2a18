package io.fleethub.server.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the hub's host name usable on this machine (see docs/decisions/0001-default-hostname.md).
 *
 * <ul>
 *   <li>When the name resolves to this machine, nothing more is needed.
 *   <li>Otherwise, for the default name only and when the system hosts file is writable, the hub appends
 *       {@code 127.0.0.1 fleethub.localhost} to it and says so.
 *   <li>Otherwise it logs the exact line the user must add.
 *   <li>In every case it writes {@code <data-dir>/hosts}, in the format {@code -Djdk.net.hosts.file} reads, so
 *       Java clients can resolve the name without touching the system.
 * </ul>
 * Not thread-safe; called once at start.
 */
public final class HostNameSetup {
  public static final Path SYSTEM_HOSTS_FILE = Path.of("/etc/hosts");
  public static final String JAVA_HOSTS_FILE = "hosts";

  private static final Logger LOG = LoggerFactory.getLogger(HostNameSetup.class);

  /** Resolves a host name to its addresses; throws {@link UnknownHostException} when it does not resolve. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String hostName) throws UnknownHostException;
  }

  /** What the system needed for the name to resolve. */
  public enum Outcome {
    /** The name already resolves to this machine. */
    RESOLVES,
    /** The hub added the name to the system hosts file. */
    ADDED_TO_SYSTEM_HOSTS,
    /** The user must add {@link Result#missingHostsLine()} to the system hosts file or DNS. */
    USER_MUST_ADD_LINE
  }

  /**
   * @param javaHostsFile {@code <data-dir>/hosts}, for {@code -Djdk.net.hosts.file}
   * @param missingHostsLine the line the user must add, when {@link Outcome#USER_MUST_ADD_LINE}
   */
  public record Result(Path javaHostsFile, Outcome outcome, Optional<String> missingHostsLine) {}

  private final Path systemHostsFile;
  private final Resolver resolver;

  public HostNameSetup(Path systemHostsFile, Resolver resolver) {
    this.systemHostsFile = Objects.requireNonNull(systemHostsFile, "systemHostsFile");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** The setup acting on {@code /etc/hosts} and the system resolver. */
  public static HostNameSetup system() {
    return new HostNameSetup(SYSTEM_HOSTS_FILE, name -> Arrays.asList(InetAddress.getAllByName(name)));
  }

  /**
   * Applies the rules above for a hub reached as {@code hostName} and listening on {@code bindAddress}.
   *
   * @param isDefaultHostName whether the name is the built-in default, the only one the hub adds by itself
   */
  public Result apply(String hostName, boolean isDefaultHostName, String bindAddress, Path dataDir) {
    String address = addressFor(bindAddress);
    Path javaHostsFile = writeJavaHostsFile(dataDir, hostName, address);
    String line = address + " " + hostName;
    if (resolvesToThisMachine(hostName, address)) {
      return new Result(javaHostsFile, Outcome.RESOLVES, Optional.empty());
    }
    if (isDefaultHostName && Files.isWritable(systemHostsFile) && append(line)) {
      LOG.info("Added '{}' to {} so that clients on this machine reach the hub by its host name", line,
          systemHostsFile);
      return new Result(javaHostsFile, Outcome.ADDED_TO_SYSTEM_HOSTS, Optional.empty());
    }
    LOG.warn("The host name {} does not resolve to this machine. Add this line to {} (clients on other machines"
        + " need this machine's address instead of {}):\n    {}\nJava clients can instead run with"
        + " -Djdk.net.hosts.file={}", hostName, systemHostsFile, address, line, javaHostsFile);
    return new Result(javaHostsFile, Outcome.USER_MUST_ADD_LINE, Optional.of(line));
  }

  /** The address clients on this machine reach the listeners at: a specific bind address, else 127.0.0.1. */
  static String addressFor(String bindAddress) {
    boolean specificIp = bindAddress.matches("[0-9.]+") && !bindAddress.equals("0.0.0.0");
    return specificIp ? bindAddress : "127.0.0.1";
  }

  private boolean resolvesToThisMachine(String hostName, String address) {
    try {
      for (InetAddress resolved : resolver.resolve(hostName)) {
        if (resolved.getHostAddress().equals(address) || (address.equals("127.0.0.1") && isLocal(resolved))) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private boolean append(String line) {
    try {
      String existing = Files.readString(systemHostsFile, StandardCharsets.UTF_8);
      String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
      Files.writeString(systemHostsFile, separator + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      return true;
    } catch (IOException e) {
      LOG.debug("Cannot append to {}", systemHostsFile, e);
      return false;
    }
  }

  private static Path writeJavaHostsFile(Path dataDir, String hostName, String address) {
    Path file = dataDir.resolve(JAVA_HOSTS_FILE).toAbsolutePath();
    StringBuilder content = new StringBuilder()
        .append("# The Fleethub hub's host name, for Java clients on this machine:\n")
        .append("#   java -Djdk.net.hosts.file=").append(file).append(" ...\n")
        .append("# With that property set, Java resolves names from this file only.\n");
    if (address.equals("127.0.0.1")) {
      content.append("127.0.0.1 ").append(hostName).append(" localhost\n");
    } else {
      content.append(address).append(' ').append(hostName).append('\n').append("127.0.0.1 localhost\n");
    }
    DataDirectory.writeAtomically(file, content.toString(), false);
    return file;
  }
}
