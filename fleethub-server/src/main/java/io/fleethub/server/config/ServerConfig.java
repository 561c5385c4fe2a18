package io.fleethub.server.config;

import io.fleethub.core.HubIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything {@code fleethub serve} is configured with, validated. Each setting's name, default and meaning is
 * declared once, in {@link Setting}; its type and validation once, in this record. The command line, the
 * environment and the config file are only sources of the text values {@link #from} parses (see
 * {@link SettingSources} for their precedence).
 *
 * @param dataDir where the database, certificates, {@code hub.json} and {@code hosts} live
 * @param identity the host name clients address and the hub name
 * @param bindAddress the interface the listeners bind
 * @param httpsPort 0 to 65535, 0 for any free port
 * @param mqttPort 0 to 65535, 0 for any free port
 * @param amqpPort 0 to 65535, 0 for any free port
 * @param amqpPlainPort 0 to 65535, 0 for any free port; bound on 127.0.0.1 only
 * @param jdbcUrl a PostgreSQL JDBC URL; empty for the embedded SQLite database in the data directory
 * @param partitions the event stream's partition count, 1 to 32
 * @param retentionDays how long the event stream keeps events, 1 to 7
 * @param kafkaBootstrapServers Kafka to keep the event stream in; empty for the file log in the data directory
 */
public record ServerConfig(
    Path dataDir,
    HubIdentity identity,
    String bindAddress,
    int httpsPort,
    int mqttPort,
    int amqpPort,
    int amqpPlainPort,
    Optional<String> jdbcUrl,
    Optional<String> jdbcUser,
    Optional<String> jdbcPassword,
    int partitions,
    int retentionDays,
    Optional<String> kafkaBootstrapServers) {

  /** The settings, each with its name (the long option without dashes), default and meaning. */
  public enum Setting {
    DATA_DIR("data-dir", "DIR", "./data",
        "Directory holding the SQLite database, the certificates, hub.json, the hosts file and uploaded files"
            + " (files/)."),
    HOSTNAME("hostname", "NAME", "fleethub.localhost",
        "Host name clients connect to; it must contain a dot. It goes into the connection strings and the"
            + " server certificate."),
    HUB_NAME("hub-name", "NAME", "fleethub", "The hub's name, as in <hub-name>.azure-devices.net."),
    BIND("bind", "ADDRESS", "0.0.0.0", "Address the listeners bind."),
    HTTPS_PORT("https-port", "PORT", "443", "Port of the HTTPS listener (service REST API); 0 picks a free port."),
    MQTT_PORT("mqtt-port", "PORT", "8883", "Port of the MQTT listener (MQTT 3.1.1 over TLS); 0 picks a free port."),
    AMQP_PORT("amqp-port", "PORT", "5671",
        "Port of the AMQP listener (AMQP 1.0 over TLS; the Event Hub-compatible endpoint); 0 picks a free port."),
    AMQP_PLAIN_PORT("amqp-plain-port", "PORT", "5672",
        "Port of the plain AMQP listener for Event Hubs clients in emulator mode (UseDevelopmentEmulator=true);"
            + " it listens on 127.0.0.1 only; 0 picks a free port."),
    JDBC_URL("jdbc-url", "URL", null,
        "PostgreSQL JDBC URL (jdbc:postgresql://host/db); when unset the hub uses SQLite at <data-dir>/fleethub.db."),
    JDBC_USER("jdbc-user", "USER", null, "PostgreSQL user."),
    JDBC_PASSWORD("jdbc-password", "PASSWORD", null, "PostgreSQL password."),
    PARTITIONS("partitions", "COUNT", "4",
        "Partitions of the built-in event stream, 1 to 32; fixed once the hub has stored events."),
    RETENTION_DAYS("retention-days", "DAYS", "1", "How long the built-in event stream keeps events, 1 to 7 days."),
    KAFKA_BOOTSTRAP_SERVERS("kafka-bootstrap-servers", "HOSTS", null,
        "Kafka bootstrap servers (host:port,...); when set the event stream is the Kafka topic"
            + " fleethub-<hub-name>-events instead of files in <data-dir>/eventlog.");

    private final String key;
    private final String label;
    private final String defaultValue;
    private final String description;

    Setting(String key, String label, String defaultValue, String description) {
      this.key = key;
      this.label = label;
      this.defaultValue = defaultValue;
      this.description = description;
    }

    /** The name in a config file, e.g. {@code https-port}. */
    public String key() {
      return key;
    }

    /** The command-line option, e.g. {@code --https-port}. */
    public String option() {
      return "--" + key;
    }

    /** The environment variable, e.g. {@code FLEETHUB_HTTPS_PORT}. */
    public String environmentVariable() {
      return "FLEETHUB_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String label() {
      return label;
    }

    public Optional<String> defaultValue() {
      return Optional.ofNullable(defaultValue);
    }

    public String description() {
      return description;
    }

    /** The setting whose config-file key is {@code key}. */
    public static Optional<Setting> byKey(String key) {
      return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
  }

  /** Names the config file; not a setting itself, since it is where settings come from. */
  public static final String CONFIG_OPTION = "--config";

  public static final String CONFIG_ENVIRONMENT_VARIABLE = "FLEETHUB_CONFIG";

  /** Validates the values together; throws {@link ConfigException} saying which setting is wrong and why. */
  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(jdbcUser, "jdbcUser");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    if (bindAddress.isBlank() || bindAddress.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException("bind must be an address such as 0.0.0.0 or 127.0.0.1, not '" + bindAddress + "'");
    }
    requirePort(Setting.HTTPS_PORT, httpsPort);
    requirePort(Setting.MQTT_PORT, mqttPort);
    requirePort(Setting.AMQP_PORT, amqpPort);
    requirePort(Setting.AMQP_PLAIN_PORT, amqpPlainPort);
    requireDistinctPorts(Map.of(Setting.HTTPS_PORT, httpsPort, Setting.MQTT_PORT, mqttPort,
        Setting.AMQP_PORT, amqpPort, Setting.AMQP_PLAIN_PORT, amqpPlainPort));
    jdbcUrl.filter(url -> !url.startsWith("jdbc:postgresql:")).ifPresent(url -> {
      throw new ConfigException("jdbc-url must be a PostgreSQL JDBC URL starting with 'jdbc:postgresql:', not '"
          + url + "' (leave it unset for the embedded SQLite database)");
    });
    if (jdbcUrl.isEmpty() && (jdbcUser.isPresent() || jdbcPassword.isPresent())) {
      throw new ConfigException("jdbc-user and jdbc-password need jdbc-url; leave all three unset for SQLite");
    }
    requireRange(Setting.PARTITIONS, partitions, 1, 32);
    requireRange(Setting.RETENTION_DAYS, retentionDays, 1, 7);
    Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
  }

  private static void requireRange(Setting setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException(setting.key() + " must be between " + min + " and " + max + ", not " + value);
    }
  }

  /** Every setting at its default. */
  public static ServerConfig defaults() {
    return from(setting -> Optional.empty());
  }

  /**
   * Parses text values by config-file key ({@code "https-port" -> "8443"}); settings not given take their
   * defaults. Throws {@link ConfigException} for an unknown key or an invalid value.
   */
  public static ServerConfig of(Map<String, String> values) {
    Map<Setting, String> bySetting = new HashMap<>();
    values.forEach((key, value) -> bySetting.put(Setting.byKey(key).orElseThrow(() -> unknownSetting(key)), value));
    return from(setting -> Optional.ofNullable(bySetting.get(setting)));
  }

  /**
   * Parses the text value {@code values} yields for each setting, or the setting's default when it yields
   * nothing. Throws {@link ConfigException} for an invalid value.
   */
  public static ServerConfig from(Function<Setting, Optional<String>> values) {
    Function<Setting, Optional<String>> text = setting -> values.apply(setting)
        .map(String::trim)
        .or(setting::defaultValue)
        .filter(value -> !value.isEmpty());
    return new ServerConfig(
        Path.of(required(text, Setting.DATA_DIR)),
        identity(required(text, Setting.HOSTNAME), required(text, Setting.HUB_NAME)),
        required(text, Setting.BIND),
        port(required(text, Setting.HTTPS_PORT), Setting.HTTPS_PORT),
        port(required(text, Setting.MQTT_PORT), Setting.MQTT_PORT),
        port(required(text, Setting.AMQP_PORT), Setting.AMQP_PORT),
        port(required(text, Setting.AMQP_PLAIN_PORT), Setting.AMQP_PLAIN_PORT),
        text.apply(Setting.JDBC_URL),
        text.apply(Setting.JDBC_USER),
        text.apply(Setting.JDBC_PASSWORD),
        number(required(text, Setting.PARTITIONS), Setting.PARTITIONS),
        number(required(text, Setting.RETENTION_DAYS), Setting.RETENTION_DAYS),
        text.apply(Setting.KAFKA_BOOTSTRAP_SERVERS));
  }

  private static int number(String text, Setting setting) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ConfigException(setting.key() + " must be a whole number, not '" + text + "'");
    }
  }

  public String hostName() {
    return identity.hostName();
  }

  public String hubName() {
    return identity.hubName();
  }

  /** True when the host name is the default one, which the hub may map to 127.0.0.1 in /etc/hosts itself. */
  public boolean hasDefaultHostName() {
    return Setting.HOSTNAME.defaultValue().orElseThrow().equals(identity.hostName());
  }

  public Path databaseFile() {
    return dataDir.resolve("fleethub.db");
  }

  /** The values as {@code key=value} lines, with the password masked. */
  @Override
  public String toString() {
    return "data-dir=" + dataDir + ", hostname=" + hostName() + ", hub-name=" + hubName() + ", bind=" + bindAddress
        + ", https-port=" + httpsPort + ", mqtt-port=" + mqttPort + ", amqp-port=" + amqpPort
        + ", amqp-plain-port=" + amqpPlainPort
        + ", jdbc-url=" + jdbcUrl.orElse("(SQLite)") + ", jdbc-user=" + jdbcUser.orElse("")
        + ", jdbc-password=" + jdbcPassword.map(p -> "****").orElse("") + ", partitions=" + partitions
        + ", retention-days=" + retentionDays + ", kafka-bootstrap-servers=" + kafkaBootstrapServers.orElse("(files)");
  }

  static ConfigException unknownSetting(String key) {
    List<String> known = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      known.add(setting.key());
    }
    return new ConfigException("unknown setting '" + key + "'; the settings are " + String.join(", ", known));
  }

  private static String required(Function<Setting, Optional<String>> text, Setting setting) {
    return text.apply(setting)
        .orElseThrow(() -> new ConfigException(setting.key() + " must not be empty"));
  }

  private static HubIdentity identity(String hostName, String hubName) {
    try {
      return new HubIdentity(hostName, hubName);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static int port(String text, Setting setting) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ConfigException(setting.key() + " must be a port number from 0 to 65535, not '" + text + "'");
    }
  }

  private static void requirePort(Setting setting, int port) {
    if (port < 0 || port > 65_535) {
      throw new ConfigException(
          setting.key() + " must be a port number from 0 to 65535 (0 picks a free port), not " + port);
    }
  }

  private static void requireDistinctPorts(Map<Setting, Integer> ports) {
    Map<Integer, Setting> seen = new HashMap<>();
    for (Setting setting : Setting.values()) {
      Integer port = ports.get(setting);
      if (port == null || port == 0) {
        continue;
      }
      Setting other = seen.putIfAbsent(port, setting);
      if (other != null) {
        throw new ConfigException(other.key() + " and " + setting.key() + " are both " + port
            + "; each listener needs its own port");
      }
    }
  }
}
