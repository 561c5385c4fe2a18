package io.fleethub.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the report goes and what else the bench watches. */
final class OutputOptions {
  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the report as JSON to FILE; '-' prints JSON instead of text on stdout.")
  Path json;

  @Option(names = "--watch-pid", paramLabel = "PID",
      description = "The server's process id: its CPU and resident memory go into the report, and"
          + " throughput per server core.")
  Long watchPid;

  @Option(names = "--quiet", description = "No progress lines on stderr.")
  boolean quiet;
}
