package io.fleethub.bench;

import io.fleethub.bench.load.MethodLoad;
import io.fleethub.bench.load.MethodSettings;
import io.fleethub.bench.load.Meter;
import io.fleethub.bench.load.Ticker;
import io.fleethub.bench.mqtt.MethodTopics;
import io.fleethub.bench.service.MethodInvoker;
import io.fleethub.bench.service.ServiceToken;
import io.fleethub.bench.target.TargetException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub bench methods}: every device subscribes to its direct method requests and answers each at once
 * with status 200; the bench, as the back end, invokes methods through the hub's service REST API at a set rate,
 * round-robin over the devices. The report gives answered calls per second and the latency from sending each
 * request to the hub's answer.
 */
@Command(name = "methods", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Connect devices that answer direct methods, and invoke methods on them through the hub's"
        + " service REST API; report throughput and call latency. Needs a hub, not --broker.")
final class MethodsCommand implements Callable<Integer> {
  private static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofHours(1);

  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  FleetOptions fleet;

  @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "1000",
      description = "Method calls per second from the back end, each to the next device in turn"
          + " (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--max-inflight", paramLabel = "N", defaultValue = "64",
      description = "Calls awaiting their answer at once; a call due when this many wait is skipped and counted."
          + " Each call in flight holds an HTTP/1.1 connection, so this also bounds the connections (and TLS"
          + " handshakes) the bench opens (default: ${DEFAULT-VALUE}).")
  int maxInflight;

  @Option(names = "--response-timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long the hub waits for a device's answer, 5s to 300s (responseTimeoutInSeconds;"
          + " default: ${DEFAULT-VALUE}).")
  Duration responseTimeout;

  @Option(names = "--http-threads", paramLabel = "N", defaultValue = "1",
      description = "Event-loop threads of the bench's HTTP/1.1 client (Vert.x, BoringSSL), which keeps one"
          + " connection per call in flight (default: ${DEFAULT-VALUE}).")
  int httpThreads;

  @Mixin
  WindowOptions window;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    target.requireHub("methods", "invokes direct methods through the hub's service REST API");
    MethodSettings settings = settings();
    try (BenchRun run = BenchRun.open("methods", target, fleet, output, spec.commandLine().getErr(),
        device -> List.of(MethodTopics.REQUESTS))) {
      run.acknowledgement("the device's answer, relayed by the hub as HTTP 200 with status 200");
      run.setting("ratePerSecond", settings.ratePerSecond());
      run.setting("maxInflight", settings.maxInflight());
      run.setting("responseTimeoutSeconds", settings.responseTimeout().toSeconds());
      run.setting("httpThreads", settings.httpThreads());
      window.describeTo(run);
      run.requireConnected();
      try (MethodInvoker invoker = invoker(run, settings)) {
        measure(run, invoker, settings);
      }
    }
    return 0;
  }

  private void measure(BenchRun run, MethodInvoker invoker, MethodSettings settings) throws InterruptedException {
    Meter meter = new Meter();
    MethodLoad load = MethodLoad.on(run.fleet().readyConnections(), invoker, settings, meter, run.errors());
    try {
      load.prime();
    } catch (TargetException e) {
      throw new BenchException(e.getMessage(), e);
    }
    load.start(System.nanoTime(), Ticker.SYSTEM);
    run.measureAndReport("method calls", settings.ratePerSecond(), meter, load, window, output,
        spec.commandLine().getOut());
  }

  private MethodSettings settings() {
    try {
      return new MethodSettings(rate, maxInflight, responseTimeout, httpThreads);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static MethodInvoker invoker(BenchRun run, MethodSettings settings) {
    try {
      return new MethodInvoker(run.hub(), new ServiceToken(run.hub(), Clock.systemUTC(), SERVICE_TOKEN_LIFETIME),
          settings.responseTimeout(), settings.httpThreads(), settings.maxInflight());
    } catch (IllegalArgumentException e) {
      throw new BenchException(e.getMessage(), e);
    }
  }
}
