package io.fleethub.bench;

import io.fleethub.bench.load.ResourceProbe;
import io.fleethub.bench.report.BenchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub bench idle}: connect the devices and hold the connections, sending only keep-alives, for a
 * time or until interrupted, to measure what idle connections cost the server.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Connect devices and hold the connections idle; report connect rate and the server's memory.")
final class IdleCommand implements Callable<Integer> {
  private static final long TICK_MILLIS = 1000;

  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  FleetOptions fleet;

  @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "60s",
      description = "How long to hold the connections once all are up; 'forever' holds until SIGINT or SIGTERM,"
          + " which end any hold early with a report (default: ${DEFAULT-VALUE}).")
  String hold;

  @Option(names = "--ready-file", paramLabel = "FILE",
      description = "Written once every connection attempt has ended, with the number connected, so a script"
          + " can measure the server while the connections are held.")
  Path readyFile;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    Optional<Duration> holdFor = holdDuration();
    try (StopSignal stop = new StopSignal();
        BenchRun run = BenchRun.open("idle", target, fleet, output, spec.commandLine().getErr(),
            device -> List.of())) {
      run.setting("holdSeconds", holdFor.map(d -> d.toMillis() / 1000.0).orElse(-1.0));
      ResourceProbe.Sample start = run.probe().sample();
      writeReadyFile(run.fleet().connectedCount());
      boolean forever = holdFor.isEmpty();
      long deadline = System.nanoTime() + holdFor.map(Duration::toNanos).orElse(0L);
      while ((forever || System.nanoTime() - deadline < 0)
          && !stop.awaitStop(forever ? TICK_MILLIS : Math.min(TICK_MILLIS, remainingMillis(deadline)))) {
        run.progress().accept(line(start, run.probe().sample(), run));
      }
      ResourceProbe.Sample last = run.probe().sample();
      ResourceProbe.Usage usage = ResourceProbe.between(start, last);
      run.report(output, spec.commandLine().getOut(), Optional.empty(),
          Optional.of(new BenchReport.HoldFigures(usage.seconds(), run.fleet().connectedCount(), usage)));
    }
    return 0;
  }

  private Optional<Duration> holdDuration() {
    if (hold.equalsIgnoreCase("forever")) {
      return Optional.empty();
    }
    try {
      return Optional.of(DurationConverter.parse(hold));
    } catch (RuntimeException e) {
      throw new ParameterException(spec.commandLine(), "--hold: " + e.getMessage());
    }
  }

  private void writeReadyFile(int connected) {
    if (readyFile == null) {
      return;
    }
    try {
      Path temporary = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
      Files.writeString(temporary, "{\"connected\":" + connected + ",\"pid\":" + ProcessHandle.current().pid()
          + "}\n");
      Files.move(temporary, readyFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BenchException("cannot write the ready file " + readyFile + ": " + e.getMessage());
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  private static String line(ResourceProbe.Sample start, ResourceProbe.Sample now, BenchRun run) {
    String server = now.serverRssBytes() < 0 ? ""
        : String.format(Locale.ROOT, "  server RSS %.1f MiB", now.serverRssBytes() / 1048576.0);
    return String.format(Locale.ROOT, "[%6.1fs] hold    %s  client RSS %.1f MiB%s",
        (now.wallNanos() - start.wallNanos()) / 1e9, run.status(), now.clientRssBytes() / 1048576.0, server);
  }
}
