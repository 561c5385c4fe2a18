package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the {@code fleethub} command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(Map<String, String> environment, String... args) {
    CommandLine commandLine = FleethubCommand.commandLine(environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** Stdout as JSON. */
  JsonNode json() {
    try {
      return JsonOutput.JSON.readTree(out);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + out + err, e);
    }
  }
}
