package io.fleethub.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.hostName()).isEqualTo("fleethub.localhost");
    assertThat(config.hasDefaultHostName()).isTrue();
    assertThat(config.hubName()).isEqualTo("fleethub");
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.httpsPort()).isEqualTo(443);
    assertThat(config.mqttPort()).isEqualTo(8883);
    assertThat(config.amqpPort()).isEqualTo(5671);
    assertThat(config.jdbcUrl()).isEmpty();
    assertThat(config.databaseFile()).isEqualTo(Path.of("./data/fleethub.db"));
  }

  @Test
  void parsesEveryValueByItsConfigFileName() {
    ServerConfig config = ServerConfig.of(Map.of("data-dir", "/var/lib/fleethub", "hostname", "Hub.Example.com",
        "hub-name", "hub", "bind", "127.0.0.1", "https-port", "8443", "mqtt-port", "18883", "amqp-port", "15671",
        "jdbc-url", "jdbc:postgresql://db/fleethub", "jdbc-user", "fleet", "jdbc-password", "secret"));

    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/fleethub"));
    assertThat(config.hostName()).isEqualTo("hub.example.com");
    assertThat(config.hasDefaultHostName()).isFalse();
    assertThat(config.httpsPort()).isEqualTo(8443);
    assertThat(config.mqttPort()).isEqualTo(18883);
    assertThat(config.amqpPort()).isEqualTo(15671);
    assertThat(config.jdbcUrl()).contains("jdbc:postgresql://db/fleethub");
    assertThat(config.jdbcUser()).contains("fleet");
    assertThat(config.jdbcPassword()).contains("secret");
    assertThat(config.toString()).doesNotContain("secret").contains("jdbc-password=****");
  }

  @Test
  void refusesAPortOutOfRange() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("https-port", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("https-port must be a port number from 0 to 65535 (0 picks a free port), not 70000");
  }

  @Test
  void refusesAPortThatIsNotANumber() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("mqtt-port", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("mqtt-port must be a port number from 0 to 65535, not 'eighty'");
  }

  @Test
  void theEventStreamDefaultsToFourPartitionsOneDayAndFiles() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.partitions()).isEqualTo(4);
    assertThat(config.retentionDays()).isEqualTo(1);
    assertThat(config.kafkaBootstrapServers()).isEmpty();
  }

  @Test
  void refusesPartitionsAndRetentionOutsideIotHubsRanges() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("partitions", "33")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("partitions must be between 1 and 32, not 33");
    assertThatThrownBy(() -> ServerConfig.of(Map.of("retention-days", "8")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("retention-days must be between 1 and 7, not 8");
    assertThatThrownBy(() -> ServerConfig.of(Map.of("partitions", "four")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("partitions must be a whole number, not 'four'");
    assertThat(ServerConfig.of(Map.of("partitions", "32", "retention-days", "7")).partitions()).isEqualTo(32);
  }

  @Test
  void refusesTwoListenersOnOnePort() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("https-port", "8883")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("https-port and mqtt-port are both 8883; each listener needs its own port");
  }

  @Test
  void allowsSeveralListenersOnPortZero() {
    ServerConfig config = ServerConfig.of(Map.of("https-port", "0", "mqtt-port", "0", "amqp-port", "0"));

    assertThat(config.httpsPort()).isZero();
  }

  @Test
  void refusesAHostNameWithoutADot() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("hostname", "localhost")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("hostname 'localhost' must be a dotted DNS name");
  }

  @Test
  void refusesAnInvalidHubName() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("hub-name", "a")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("hub name 'a' must be 3 to 50 letters, digits or hyphens");
  }

  @Test
  void refusesAJdbcUrlThatIsNotPostgres() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("jdbc-url", "jdbc:mysql://db/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("jdbc-url must be a PostgreSQL JDBC URL starting with 'jdbc:postgresql:'");
  }

  @Test
  void refusesACredentialWithoutAJdbcUrl() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("jdbc-user", "fleet")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("jdbc-user and jdbc-password need jdbc-url; leave all three unset for SQLite");
  }

  @Test
  void refusesAnUnknownSettingNamingTheKnownOnes() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("htps-port", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown setting 'htps-port'; the settings are data-dir, hostname, hub-name");
  }

  @Test
  void treatsABlankValueAsUnsetForOptionalSettingsAndAsAnErrorForRequiredOnes() {
    assertThat(ServerConfig.from(s -> s == ServerConfig.Setting.JDBC_URL ? Optional.of(" ") : Optional.empty())
        .jdbcUrl()).isEmpty();
    assertThatThrownBy(() -> ServerConfig.of(Map.of("bind", " ")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bind must not be empty");
  }

  @Test
  void namesEachSettingsFlagAndEnvironmentVariableFromItsKey() {
    assertThat(ServerConfig.Setting.HTTPS_PORT.option()).isEqualTo("--https-port");
    assertThat(ServerConfig.Setting.HTTPS_PORT.environmentVariable()).isEqualTo("FLEETHUB_HTTPS_PORT");
    assertThat(ServerConfig.Setting.DATA_DIR.environmentVariable()).isEqualTo("FLEETHUB_DATA_DIR");
  }
}
