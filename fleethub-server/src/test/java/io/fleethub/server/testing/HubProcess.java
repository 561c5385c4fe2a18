package io.fleethub.server.testing;

import static org.awaitility.Awaitility.await;

import io.fleethub.server.HubInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A hub in a child JVM, started as a user starts it ({@code fleethub serve}) from the test class path, bound to
 * 127.0.0.1, so a test can kill it with SIGKILL or measure its heap. The child resolves the test's host name
 * through the same hosts file as the test JVM. Its output goes to a log file next to the data directory, which
 * stays when the hub is closed. Not thread-safe.
 *
 * <p>Shared by the compatibility modules through fleethub-server's test jar: it starts the server and reads the
 * server's {@link HubInfo}, so it cannot live in the testkit, which the server depends on.
 */
public final class HubProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  private final HubInfo info;

  /**
   * How the child hub is named and run.
   *
   * @param hostName the host name the hub serves as, which the test's hosts file maps to 127.0.0.1
   * @param hubName the hub's name
   * @param azurePorts whether it listens on the Azure ports (443, 8883, 5671, 5672), for the official SDKs, which
   *     cannot be pointed at other ports; otherwise on free ports, which {@link #port} tells
   * @param jvmOptions options for the child JVM, such as a small heap
   */
  public record Options(String hostName, String hubName, boolean azurePorts, List<String> jvmOptions) {
    public Options {
      Objects.requireNonNull(hostName, "hostName");
      Objects.requireNonNull(hubName, "hubName");
      jvmOptions = List.copyOf(jvmOptions);
    }

    /** A hub on free ports with the JVM's default options. */
    public static Options named(String hostName, String hubName) {
      return new Options(hostName, hubName, false, List.of());
    }

    /** These options, on the Azure ports. */
    public Options onAzurePorts() {
      return new Options(hostName, hubName, true, jvmOptions);
    }

    /** These options, with {@code options} for the child JVM. */
    public Options withJvmOptions(List<String> options) {
      return new Options(hostName, hubName, azurePorts, options);
    }
  }

  private HubProcess(Process process, Path log, HubInfo info) {
    this.process = process;
    this.log = log;
    this.info = info;
  }

  /**
   * Starts {@code fleethub serve} on {@code dataDir} and returns once it serves, which is when it has written a
   * new {@code hub.json} (the hub writes it after its listeners are up). A {@code hub.json} left by an earlier
   * run is removed first. The child's output goes to {@code <dataDir>-<logName>.log}.
   */
  public static HubProcess start(Path dataDir, String logName, Options options) throws IOException {
    Path hubJson = dataDir.resolve(HubInfo.FILE_NAME);
    Files.deleteIfExists(hubJson);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + logName + ".log");
    Process process = new ProcessBuilder(command(dataDir, options))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      await("the hub child writes " + hubJson)
          .atMost(START_TIMEOUT)
          .failFast("the hub child exited; its output is in " + log, () -> !process.isAlive())
          .until(() -> Files.exists(hubJson) && readable(hubJson));
      return new HubProcess(process, log, HubInfo.read(hubJson));
    } catch (RuntimeException | IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static List<String> command(Path dataDir, Options options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.jvmOptions());
    String hostsFile = System.getProperty("jdk.net.hosts.file");
    if (hostsFile != null) {
      command.add("-Djdk.net.hosts.file=" + hostsFile);
    }
    boolean azure = options.azurePorts();
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fleethub.server.cli.Main", "serve",
        "--data-dir", dataDir.toString(),
        "--hostname", options.hostName(),
        "--hub-name", options.hubName(),
        "--bind", "127.0.0.1",
        "--https-port", azure ? "443" : "0",
        "--mqtt-port", azure ? "8883" : "0",
        "--amqp-port", azure ? "5671" : "0",
        "--amqp-plain-port", azure ? "5672" : "0"));
    return command;
  }

  /** True once the file parses: the hub may be caught writing it. */
  private static boolean readable(Path hubJson) {
    try {
      HubInfo.read(hubJson);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  public HubInfo info() {
    return info;
  }

  public int port(String protocol) {
    return info.listener(protocol)
        .orElseThrow(() -> new IllegalStateException("hub.json lists no " + protocol + " listener"))
        .port();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Where the child's output goes, for failure messages. */
  public Path log() {
    return log;
  }

  /** SIGKILL: the hub gets no chance to flush or close anything. Returns once the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("the hub child survived SIGKILL for " + EXIT_TIMEOUT);
    }
  }

  /** SIGTERM, as Ctrl+C or a service manager stops the hub; returns once it has exited. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the hub child did not stop on SIGTERM within " + EXIT_TIMEOUT
          + "; its output is in " + log);
    }
  }

  /**
   * Kills the hub and waits, for a while, until it is gone, so that the data directory is free to delete; the
   * data directory and the log stay.
   */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
