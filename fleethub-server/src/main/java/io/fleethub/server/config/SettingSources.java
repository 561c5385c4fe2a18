package io.fleethub.server.config;

import io.fleethub.server.config.ServerConfig.Setting;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The sources of settings below the command line, in precedence order: environment variables
 * ({@code FLEETHUB_HTTPS_PORT}), then the config file (Java properties, {@code https-port=8443}), then each
 * setting's default. A flag given on the command line overrides all of them (picocli only asks for a default
 * when the flag is absent). Immutable.
 */
public final class SettingSources {
  private final Map<String, String> environment;
  private final Map<Setting, String> fileValues;

  private SettingSources(Map<String, String> environment, Map<Setting, String> fileValues) {
    this.environment = Map.copyOf(environment);
    this.fileValues = fileValues;
  }

  /**
   * Reads the config file, if any: the one given, else the one {@code FLEETHUB_CONFIG} names. Throws
   * {@link ConfigException} when the file is missing or unreadable, or names a setting that does not exist.
   */
  public static SettingSources load(Map<String, String> environment, Optional<Path> configFile) {
    Objects.requireNonNull(environment, "environment");
    Optional<Path> file = configFile.or(() ->
        Optional.ofNullable(environment.get(ServerConfig.CONFIG_ENVIRONMENT_VARIABLE))
            .filter(value -> !value.isBlank())
            .map(Path::of));
    Map<Setting, String> fileValues = file.map(SettingSources::readFile)
        .orElseGet(() -> new EnumMap<>(Setting.class));
    return new SettingSources(environment, fileValues);
  }

  /** The value below the command line: environment, then config file, then default; empty when none. */
  public Optional<String> valueOf(Setting setting) {
    return Optional.ofNullable(environment.get(setting.environmentVariable()))
        .or(() -> Optional.ofNullable(fileValues.get(setting)))
        .or(setting::defaultValue);
  }

  private static Map<Setting, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file.toAbsolutePath() + " does not exist");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (String key : properties.stringPropertyNames()) {
      Setting setting = Setting.byKey(key).orElseThrow(() -> new ConfigException(
          "config file " + file.toAbsolutePath() + ": " + ServerConfig.unknownSetting(key).getMessage()));
      values.put(setting, properties.getProperty(key).trim());
    }
    return values;
  }
}
