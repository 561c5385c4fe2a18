package io.fleethub.server.config;

import io.fleethub.server.config.ServerConfig.Setting;

/**
 * Writes {@code docs/configuration.md} from {@link Setting}, so the documentation cannot drift from the code
 * (a test compares the two). Stateless.
 */
public final class ConfigurationDoc {
  private ConfigurationDoc() {}

  /** The whole of {@code docs/configuration.md}. */
  public static String markdown() {
    StringBuilder doc = new StringBuilder()
        .append("# Configuration\n\n")
        .append("<!-- Generated from io.fleethub.server.config.ServerConfig.Setting by ConfigurationDocTest;")
        .append(" edit the code, then run\n")
        .append("     ./mvnw -B test -pl fleethub-server -Dtest=ConfigurationDocTest")
        .append(" -Dfleethub.updateDocs=true -->\n\n")
        .append("`fleethub serve` takes each setting from, in order of precedence: its command-line flag, its")
        .append(" environment variable, the config file, its default.\n\n")
        .append("The config file is a Java properties file named by `").append(ServerConfig.CONFIG_OPTION)
        .append(" FILE` (or `").append(ServerConfig.CONFIG_ENVIRONMENT_VARIABLE).append("`); its keys are the")
        .append(" setting names below, e.g. `https-port=8443`. An unknown key is an error.\n\n")
        .append("| Setting | Flag | Environment variable | Default | Meaning |\n")
        .append("|---|---|---|---|---|\n");
    for (Setting setting : Setting.values()) {
      doc.append("| `").append(setting.key()).append("` | `").append(setting.option()).append(' ')
          .append(setting.label()).append("` | `").append(setting.environmentVariable()).append("` | ")
          .append(setting.defaultValue().map(value -> "`" + value + "`").orElse("(none)")).append(" | ")
          .append(setting.description().replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;"))
          .append(" |\n");
    }
    doc.append("\nValidation at start: ports are 0 to 65535 (0 picks a free port) and distinct; the host name")
        .append(" must contain a dot (the Azure SDKs take the hub name from the text before the first dot);")
        .append(" the hub name is 3 to 50 letters, digits or hyphens; `jdbc-url` must be a PostgreSQL URL;")
        .append(" the data directory must be writable. A port the hub may not bind is reported with the flag")
        .append(" to change it.\n");
    return doc.toString();
  }
}
