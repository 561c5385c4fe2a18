package io.fleethub.compat;

import static org.awaitility.Awaitility.await;

import io.fleethub.server.HubInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hub in a child JVM, started as a user starts it ({@code fleethub serve}) from the test class path, on
 * free ports bound to 127.0.0.1, so a test can kill it with SIGKILL. The child resolves the compat test host
 * name through the same hosts file as the test JVM. Its output goes to a log file next to the data directory.
 * Not thread-safe.
 */
final class HubProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  private final HubInfo info;

  private HubProcess(Process process, Path log, HubInfo info) {
    this.process = process;
    this.log = log;
    this.info = info;
  }

  /**
   * Starts {@code fleethub serve} on {@code dataDir} and returns once it serves, which is when it has written a
   * new {@code hub.json} (the hub writes it after its listeners are up). A {@code hub.json} left by an earlier
   * run is removed first.
   */
  static HubProcess start(Path dataDir, String logName) throws IOException {
    return start(dataDir, logName, false);
  }

  /**
   * Like {@link #start(Path, String)}, on the Azure ports (443, 8883, 5671, 5672) when {@code azurePorts}, for
   * the official SDKs, which cannot be pointed at other ports.
   */
  static HubProcess start(Path dataDir, String logName, boolean azurePorts) throws IOException {
    Path hubJson = dataDir.resolve(HubInfo.FILE_NAME);
    Files.deleteIfExists(hubJson);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + logName + ".log");
    Process process = new ProcessBuilder(command(dataDir, azurePorts))
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

  private static List<String> command(Path dataDir, boolean azurePorts) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String hostsFile = System.getProperty("jdk.net.hosts.file");
    if (hostsFile != null) {
      command.add("-Djdk.net.hosts.file=" + hostsFile);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fleethub.server.cli.Main", "serve",
        "--data-dir", dataDir.toString(),
        "--hostname", CompatHub.HOST_NAME,
        "--hub-name", CompatHub.HUB_NAME,
        "--bind", "127.0.0.1",
        "--https-port", azurePorts ? "443" : "0",
        "--mqtt-port", azurePorts ? "8883" : "0",
        "--amqp-port", azurePorts ? "5671" : "0",
        "--amqp-plain-port", azurePorts ? "5672" : "0"));
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

  HubInfo info() {
    return info;
  }

  int port(String protocol) {
    return info.listener(protocol)
        .orElseThrow(() -> new IllegalStateException("hub.json lists no " + protocol + " listener"))
        .port();
  }

  /** SIGKILL: the hub gets no chance to flush or close anything. Returns once the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("the hub child survived SIGKILL for " + EXIT_TIMEOUT);
    }
  }

  /** SIGTERM, as Ctrl+C or a service manager stops the hub; returns once it has exited. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the hub child did not stop on SIGTERM within " + EXIT_TIMEOUT
          + "; its output is in " + log);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
