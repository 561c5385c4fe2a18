package io.fleethub.server.cli;

import io.fleethub.server.FleethubServer;
import io.fleethub.server.HubInfo;
import io.fleethub.server.config.ServerConfig;
import io.fleethub.server.config.ServerConfig.Setting;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code fleethub serve}: runs the hub until the process is stopped. Its options are made from
 * {@link ServerConfig.Setting}, one per setting, plus {@code --config}; the values of options not given come from
 * {@link SettingDefaultProvider}. Prints what {@code hub.json} holds once the hub serves.
 */
final class ServeCommand implements Callable<Integer> {
  private final CommandSpec spec;

  private ServeCommand(Map<String, String> environment) {
    spec = CommandSpec.wrapWithoutInspection(this);
    spec.name("serve").mixinStandardHelpOptions(true);
    spec.usageMessage().description(
        "Run the hub. Each setting comes from its flag, else its environment variable, else the config file,"
            + " else its default.");
    spec.addOption(OptionSpec.builder(ServerConfig.CONFIG_OPTION)
        .paramLabel("FILE")
        .type(String.class)
        .description("Java properties file of settings named like the options without dashes, e.g."
            + " https-port=8443. Env " + ServerConfig.CONFIG_ENVIRONMENT_VARIABLE + ".")
        .build());
    for (Setting setting : Setting.values()) {
      spec.addOption(OptionSpec.builder(setting.option())
          .paramLabel(setting.label())
          .type(String.class)
          .description(setting.description() + " Env " + setting.environmentVariable() + "."
              + setting.defaultValue().map(value -> " Default: " + value + ".").orElse(""))
          .build());
    }
    spec.defaultValueProvider(new SettingDefaultProvider(spec, environment));
  }

  /** The {@code serve} command reading {@code environment} for settings not given as flags. */
  static CommandLine commandLine(Map<String, String> environment) {
    return new CommandLine(new ServeCommand(environment).spec);
  }

  /** The configuration the parsed options describe; {@link io.fleethub.server.config.ConfigException} if invalid. */
  ServerConfig config() {
    return ServerConfig.from(setting ->
        Optional.ofNullable(spec.findOption(setting.option()).getValue()).map(Object::toString));
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = config();
    FleethubServer server = FleethubServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "fleethub-shutdown"));
    printBanner(spec.commandLine().getOut(), config, server.info());
    stopped.await();
    return 0;
  }

  private static void printBanner(PrintWriter out, ServerConfig config, HubInfo info) {
    out.println();
    out.println("Fleethub hub '" + info.hubName() + "' is running.");
    row(out, "Host name", info.hostName());
    for (HubInfo.Listener listener : info.listeners()) {
      row(out, listener.protocol().toUpperCase(Locale.ROOT),
          listener.url() + "  (bound to " + listener.bindAddress() + ":" + listener.port() + ")");
    }
    row(out, "Connection string", info.connectionString());
    row(out, "Event Hub-compatible", info.eventHubConnectionString());
    row(out, "CA certificate", info.caCertificate().toString());
    row(out, "Hosts file", info.hostsFile() + "  (java -Djdk.net.hosts.file=" + info.hostsFile() + ")");
    row(out, "Hub info", config.dataDir().toAbsolutePath().normalize().resolve(HubInfo.FILE_NAME).toString());
    out.println("Stop with Ctrl+C.");
    out.flush();
  }

  private static void row(PrintWriter out, String label, String value) {
    out.printf("  %-18s %s%n", label, value);
  }
}
