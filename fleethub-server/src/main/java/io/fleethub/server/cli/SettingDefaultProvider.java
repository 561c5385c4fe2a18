package io.fleethub.server.cli;

import io.fleethub.server.config.ConfigException;
import io.fleethub.server.config.ServerConfig;
import io.fleethub.server.config.ServerConfig.Setting;
import io.fleethub.server.config.SettingSources;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Supplies {@code serve}'s settings that were not given as flags: from the environment, else the config file,
 * else the setting's default ({@link SettingSources}). Picocli asks it after parsing, so the {@code --config} flag
 * is known by then. A broken config file is reported as a {@link ParameterException}.
 */
final class SettingDefaultProvider implements IDefaultValueProvider {
  private final CommandSpec spec;
  private final Map<String, String> environment;

  SettingDefaultProvider(CommandSpec spec, Map<String, String> environment) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName();
    if (name.equals(ServerConfig.CONFIG_OPTION)) {
      return environment.get(ServerConfig.CONFIG_ENVIRONMENT_VARIABLE);
    }
    Optional<Setting> setting = Setting.byKey(name.substring(2));
    if (setting.isEmpty()) {
      return null;
    }
    try {
      return sources().valueOf(setting.get()).orElse(null);
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, argument, null);
    }
  }

  private SettingSources sources() {
    Object configFile = spec.findOption(ServerConfig.CONFIG_OPTION).getValue();
    return SettingSources.load(environment, Optional.ofNullable(configFile).map(Object::toString).map(Path::of));
  }
}
