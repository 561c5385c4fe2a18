package io.fleethub.server.cli;

import io.fleethub.bench.BenchCommand;
import io.fleethub.bench.BenchException;
import io.fleethub.bench.target.TargetException;
import io.fleethub.server.StartupException;
import io.fleethub.server.config.ConfigException;
import io.fleethub.server.tls.CertificateSetupException;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code fleethub} command: {@code serve} runs a hub; {@code device}, {@code module}, {@code twin},
 * {@code invoke-method}, {@code c2d}, {@code monitor-events}, {@code consumer-group}, {@code certificate},
 * {@code policy} and {@code token} talk to a running one; {@code bench} loads one (or a plain MQTT broker).
 * Errors print as one {@code error: ...} line on stderr with exit code 1 (2 for a command line that does not
 * parse).
 */
@Command(name = "fleethub", mixinStandardHelpOptions = true, versionProvider = FleethubCommand.Version.class,
    description = "A self-hosted IoT hub, wire-compatible with Azure IoT Hub.",
    subcommands = {DeviceCommand.class, ModuleCommand.class, TwinCommand.class, InvokeMethodCommand.class,
        CloudToDeviceCommand.class, MonitorEventsCommand.class, ConsumerGroupCommand.class, CertificateCommand.class,
        PolicyCommand.class, TokenCommand.class})
public final class FleethubCommand implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(FleethubCommand.class);

  @Spec
  CommandSpec spec;

  /** The whole command line, with {@code serve} reading settings from {@code environment}. */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(new FleethubCommand());
    commandLine.addSubcommand("serve", ServeCommand.commandLine(environment));
    commandLine.addSubcommand("bench", new BenchCommand());
    commandLine.setExecutionExceptionHandler(FleethubCommand::executionFailed);
    commandLine.setParameterExceptionHandler(FleethubCommand::invalidCommandLine);
    return commandLine;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing command: serve, device, module, twin, invoke-method, c2d, monitor-events, consumer-group,"
            + " certificate, policy, token or bench");
  }

  private static int executionFailed(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (failure instanceof CliException || failure instanceof ConfigException
        || failure instanceof StartupException || failure instanceof CertificateSetupException
        || failure instanceof BenchException || failure instanceof TargetException) {
      LOG.debug("Command failed", failure);
      err.println("error: " + failure.getMessage());
    } else {
      LOG.error("Command failed unexpectedly", failure);
      err.println("error: " + failure);
    }
    err.flush();
    return 1;
  }

  private static int invalidCommandLine(ParameterException failure, String[] args) {
    CommandLine commandLine = failure.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("error: " + failure.getMessage());
    err.println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The version in the jar's manifest, or {@code dev} when run from classes. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FleethubCommand.class.getPackage().getImplementationVersion();
      return new String[] {"fleethub " + (version == null ? "dev" : version)};
    }
  }
}
