package io.fleethub.bench;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs {@link BenchCommand} on its own: {@code java -jar fleethub-bench.jar telemetry ...}, for scripts that keep
 * the load generator apart from the hub's jar.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "fleethub-bench-logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /** The bench command with error handling: one {@code error: ...} line and exit status 1 or 2. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BenchCommand());
    commandLine.setExecutionExceptionHandler(BenchMain::executionFailed);
    commandLine.setParameterExceptionHandler(BenchMain::invalidCommandLine);
    return commandLine;
  }

  private static int executionFailed(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (failure instanceof BenchException) {
      err.println("error: " + failure.getMessage());
    } else {
      Logger log = LoggerFactory.getLogger(BenchMain.class);
      log.error("The bench failed unexpectedly", failure);
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
}
