package io.fleethub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.server.config.ConfigException;
import io.fleethub.server.config.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code fleethub serve} combines flags, environment, config file and defaults. */
class ServeSettingsTest {
  @TempDir
  Path dir;

  @Test
  void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws IOException {
    // GIVEN https-port in all three sources, mqtt-port in env and file, amqp-port in the file only
    Path file = configFile("https-port=1001\nmqtt-port=2001\namqp-port=3001\n");
    Map<String, String> env = Map.of("FLEETHUB_HTTPS_PORT", "1002", "FLEETHUB_MQTT_PORT", "2002");

    // WHEN serve parses a command line that also gives https-port as a flag
    ServerConfig config = parse(env, "--config", file.toString(), "--https-port", "1003");

    // THEN each setting has the value of its strongest source, and the rest their defaults
    assertThat(config.httpsPort()).isEqualTo(1003);
    assertThat(config.mqttPort()).isEqualTo(2002);
    assertThat(config.amqpPort()).isEqualTo(3001);
    assertThat(config.hostName()).isEqualTo("fleethub.localhost");
  }

  @Test
  void theConfigFileMayBeNamedByTheEnvironment() throws IOException {
    Path file = configFile("hostname=hub.example.org\n");

    ServerConfig config = parse(Map.of("FLEETHUB_CONFIG", file.toString()));

    assertThat(config.hostName()).isEqualTo("hub.example.org");
  }

  @Test
  void everySettingIsAnOptionOfServe() {
    CommandLine serve = ServeCommand.commandLine(Map.of());

    for (ServerConfig.Setting setting : ServerConfig.Setting.values()) {
      assertThat(serve.getCommandSpec().findOption(setting.option())).as(setting.option()).isNotNull();
    }
    StringWriter help = new StringWriter();
    serve.usage(new PrintWriter(help));
    assertThat(help.toString()).contains("--https-port=PORT").contains("Env FLEETHUB_HTTPS_PORT.");
  }

  @Test
  void anInvalidValueFromTheEnvironmentIsReportedWithTheSettingsName() {
    assertThatThrownBy(() -> parse(Map.of("FLEETHUB_HTTPS_PORT", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("https-port must be a port number from 0 to 65535 (0 picks a free port), not -1");
  }

  @Test
  void anUnknownKeyInTheConfigFileIsReported() throws IOException {
    Path file = configFile("http-port=8443\n");

    CliRun run = CliRun.of(Map.of(), "serve", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("error: config file " + file.toAbsolutePath()
        + ": unknown setting 'http-port'; the settings are data-dir, hostname");
  }

  @Test
  void aMissingConfigFileIsReported() {
    CliRun run = CliRun.of(Map.of(), "serve", "--config", dir.resolve("nope.properties").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("error: config file " + dir.resolve("nope.properties").toAbsolutePath()
        + " does not exist");
  }

  @Test
  void serveRefusesAnInvalidSettingBeforeStartingAnything() {
    CliRun run = CliRun.of(Map.of(), "serve", "--data-dir", dir.resolve("data").toString(),
        "--hostname", "localhost");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: hostname 'localhost' must be a dotted DNS name");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  private Path configFile(String content) throws IOException {
    Path file = dir.resolve("fleethub.properties");
    Files.writeString(file, content);
    return file;
  }

  private static ServerConfig parse(Map<String, String> env, String... args) {
    CommandLine serve = ServeCommand.commandLine(env);
    serve.parseArgs(args);
    return ((ServeCommand) serve.getCommand()).config();
  }
}
