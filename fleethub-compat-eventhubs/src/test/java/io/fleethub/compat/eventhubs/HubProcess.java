package io.fleethub.compat.eventhubs;

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
 * A hub in a child JVM, started as a user starts it ({@code fleethub serve}) from the test class path, with JVM
 * options of the test's choosing (a small heap), on free ports bound to 127.0.0.1. The child resolves the test
 * host name through the same hosts file as the test JVM; its output goes to a log file next to the data
 * directory, and stays when the hub is closed. Not thread-safe.
 *
 * <p>A trimmed copy of fleethub-compat's {@code HubProcess}: test classes are not shared between modules, and the
 * testkit, where shared test code lives, must not depend on the server.
 */
final class HubProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final Process process;
  private final Path log;
  private final HubInfo info;

  private HubProcess(Path dataDir, Process process, Path log, HubInfo info) {
    this.dataDir = dataDir;
    this.process = process;
    this.log = log;
    this.info = info;
  }

  /**
   * Starts {@code fleethub serve} on a new data directory and returns once it serves, which is when it has written
   * {@code hub.json} (the hub writes it after its listeners are up).
   */
  static HubProcess start(List<String> jvmOptions) throws IOException {
    Path dataDir = Files.createTempDirectory("fleethub-compat-eventhubs-child-");
    Path hubJson = dataDir.resolve(HubInfo.FILE_NAME);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    Process process = new ProcessBuilder(command(jvmOptions, dataDir))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      await("the hub child writes " + hubJson)
          .atMost(START_TIMEOUT)
          .failFast("the hub child exited; its output is in " + log, () -> !process.isAlive())
          .until(() -> readable(hubJson));
      return new HubProcess(dataDir, process, log, HubInfo.read(hubJson));
    } catch (RuntimeException | IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static List<String> command(List<String> jvmOptions, Path dataDir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    String hostsFile = System.getProperty("jdk.net.hosts.file");
    if (hostsFile != null) {
      command.add("-Djdk.net.hosts.file=" + hostsFile);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fleethub.server.cli.Main", "serve",
        "--data-dir", dataDir.toString(),
        "--hostname", CompatHub.HOST_NAME,
        "--hub-name", CompatHub.HUB_NAME,
        "--bind", "127.0.0.1",
        "--https-port", "0",
        "--mqtt-port", "0",
        "--amqp-port", "0",
        "--amqp-plain-port", "0"));
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

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Where the child's output goes, for failure messages. */
  Path log() {
    return log;
  }

  /** Kills the hub and deletes its data directory; its log stays. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      if (process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        TempDirectories.deleteRecursively(dataDir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
