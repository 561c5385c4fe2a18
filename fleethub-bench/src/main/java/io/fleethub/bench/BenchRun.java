package io.fleethub.bench;

import io.fleethub.bench.load.Errors;
import io.fleethub.bench.load.Fleet;
import io.fleethub.bench.load.FleetSettings;
import io.fleethub.bench.load.Load;
import io.fleethub.bench.load.Measurement;
import io.fleethub.bench.load.Meter;
import io.fleethub.bench.load.ResourceProbe;
import io.fleethub.bench.load.Ticker;
import io.fleethub.bench.mqtt.ClientTransport;
import io.fleethub.bench.mqtt.DeviceCredentials;
import io.fleethub.bench.mqtt.SourceAddresses;
import io.fleethub.bench.mqtt.TlsSettings;
import io.fleethub.bench.report.BenchReport;
import io.fleethub.bench.report.ReportWriter;
import io.fleethub.bench.target.HubAddress;
import io.fleethub.bench.target.IotHubTarget;
import io.fleethub.bench.target.Target;
import io.fleethub.bench.target.TargetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every scenario does around its own load: resolve and prepare the target, connect the fleet at the set
 * rate, and at the end disconnect and write the report. A scenario opens a run, drives
 * {@link #fleet()}'s connections, and calls {@link #report}. Used by one thread.
 */
final class BenchRun implements AutoCloseable {
  /** Large enough for a full IoT Hub message (256 KB) with a long topic, for scenarios that receive. */
  private static final int MAX_INBOUND_PACKET_BYTES = 256 * 1024 + 65_536 + 16;

  private final String scenario;
  private final Target target;
  private final ClientTransport transport;
  private final Fleet fleet;
  private final Errors errors;
  private final ResourceProbe probe;
  private final Map<String, Object> settings;
  private final Consumer<String> progress;
  private final Instant startedAt;
  private String acknowledgement;

  private BenchRun(String scenario, Target target, ClientTransport transport, Fleet fleet, Errors errors,
      ResourceProbe probe, Map<String, Object> settings, Consumer<String> progress, Instant startedAt) {
    this.scenario = scenario;
    this.target = target;
    this.transport = transport;
    this.fleet = fleet;
    this.errors = errors;
    this.probe = probe;
    this.settings = settings;
    this.progress = progress;
    this.startedAt = startedAt;
    this.acknowledgement = target.acknowledgement();
  }

  /**
   * Prepares the target and connects the fleet.
   *
   * @param subscriptions what each device subscribes to before it counts as connected
   */
  static BenchRun open(String scenario, TargetOptions targetOptions, FleetOptions fleetOptions,
      OutputOptions output, PrintWriter err, Function<DeviceCredentials, List<String>> subscriptions)
      throws InterruptedException {
    Consumer<String> progress = output.quiet ? line -> { } : line -> {
      err.println(line);
      err.flush();
    };
    Instant startedAt = Clock.systemUTC().instant();
    Target target = targetOptions.resolve(Clock.systemUTC());
    FleetSettings fleetSettings = fleetSettings(fleetOptions, subscriptions);
    progress.accept("target: " + target.describe());
    try {
      target.prepare(fleetSettings.devices(), progress);
    } catch (TargetException e) {
      throw new BenchException(e.getMessage(), e);
    }
    SourceAddresses sources = sources(target, fleetOptions.sourceAddresses);
    String tlsProvider = fleetOptions.resolvedTlsProvider();
    ClientTransport transport;
    try {
      transport = new ClientTransport(target.mqttServer(), tls(target, tlsProvider), sources,
          fleetOptions.threadCount(), MAX_INBOUND_PACKET_BYTES);
    } catch (IllegalArgumentException e) {
      throw new BenchException(e.getMessage(), e);
    }
    Errors errors = new Errors();
    Fleet fleet;
    try {
      fleet = Fleet.connect(transport, target::device, fleetSettings, errors, Ticker.SYSTEM, progress);
    } catch (InterruptedException | RuntimeException e) {
      transport.close();
      throw e;
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("devices", fleetSettings.devices());
    settings.put("connectRate", fleetSettings.connectRate());
    settings.put("maxPendingConnects", fleetSettings.maxPendingConnects());
    settings.put("sourceAddresses", sources.toString());
    settings.put("keepAliveSeconds", fleetSettings.keepAliveSeconds());
    settings.put("clientThreads", fleetOptions.threadCount());
    settings.put("tlsProvider", target.tls(tlsProvider).isPresent() ? tlsProvider : "none");
    ResourceProbe probe = new ResourceProbe(output.watchPid == null ? OptionalLong.empty()
        : OptionalLong.of(output.watchPid));
    return new BenchRun(scenario, target, transport, fleet, errors, probe, settings, progress, startedAt);
  }

  Fleet fleet() {
    return fleet;
  }

  Errors errors() {
    return errors;
  }

  ResourceProbe probe() {
    return probe;
  }

  Consumer<String> progress() {
    return progress;
  }

  /**
   * The hub behind the target, for scenarios that also act as its back end; {@link BenchException} for a plain
   * broker (such a scenario refuses {@code --broker} before it opens a run).
   */
  HubAddress hub() {
    if (target instanceof IotHubTarget hub) {
      return hub.hub();
    }
    throw new BenchException("bench " + scenario + " needs a hub, not " + target.describe());
  }

  /**
   * What completes one operation of this scenario, for the report, in place of what the target's PUBACK promises
   * (which is what telemetry counts).
   */
  void acknowledgement(String meaning) {
    acknowledgement = meaning;
  }

  /** Adds a scenario setting to the report, after the fleet's. */
  void setting(String name, Object value) {
    settings.put(name, value);
  }

  /** Throws {@link BenchException} with the commonest errors when no device could connect. */
  void requireConnected() {
    if (fleet.connectedCount() > 0) {
      return;
    }
    String reasons = errors.snapshot().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(3)
        .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
        .collect(Collectors.joining("; "));
    throw new BenchException("no device could connect to " + target.describe() + ": " + reasons);
  }

  /** A short status for progress lines: connections up, lost, errors. */
  String status() {
    return String.format("conn %,d  lost %,d  errors %,d", fleet.connectedCount(), fleet.lostCount(),
        errors.total());
  }

  /**
   * Disconnects the fleet, then prints the report on {@code out} (text, or JSON with {@code --json -}) and
   * writes it to the {@code --json} file.
   */
  void report(OutputOptions output, PrintWriter out, Optional<BenchReport.LoadFigures> load,
      Optional<BenchReport.HoldFigures> hold) {
    fleet.close(Duration.ofSeconds(10));
    BenchReport report = new BenchReport(scenario, startedAt,
        new BenchReport.TargetFigures(target.kind(), target.describe(), acknowledgement, fleet.tls()),
        settings, BenchReport.ConnectFigures.of(fleet.ramp(), fleet.lostCount()), load, hold, errors.snapshot());
    String json = ReportWriter.json(report);
    boolean jsonOnStdout = output.json != null && output.json.toString().equals("-");
    if (jsonOnStdout) {
      out.print(json);
      out.flush();
    } else {
      ReportWriter.text(report, out);
    }
    if (output.json != null && !jsonOnStdout) {
      write(output.json, json);
    }
  }

  /**
   * Measures the started {@code load} over the window, stops it (also when the measurement fails), waits for what is
   * still on its way, then reports it as {@code operation} ({@link #report}).
   */
  void measureAndReport(String operation, double ratePerSecond, Meter meter, Load load, WindowOptions window,
      OutputOptions output, PrintWriter out) throws InterruptedException {
    Measurement.Result result;
    try {
      result = new Measurement(meter, probe, Ticker.SYSTEM, Clock.systemUTC())
          .run(window.warmup, window.duration, this::status, progress);
    } finally {
      load.stop();
    }
    int unfinished = load.awaitDrained(window.drainTimeout);
    report(output, out, Optional.of(BenchReport.LoadFigures.of(operation, ratePerSecond, result, meter.counts(),
        unfinished)), Optional.empty());
  }

  @Override
  public void close() {
    fleet.close(Duration.ofSeconds(10));
    transport.close();
  }

  private static FleetSettings fleetSettings(FleetOptions options,
      Function<DeviceCredentials, List<String>> subscriptions) {
    try {
      return new FleetSettings(options.devices, options.connectRate, options.maxPendingConnects,
          options.keepAliveSeconds, options.connectTimeout, subscriptions);
    } catch (IllegalArgumentException e) {
      throw new BenchException(e.getMessage());
    }
  }

  private static SourceAddresses sources(Target target, int count) {
    if (count < 0 || count > SourceAddresses.MAX_LOOPBACK) {
      throw new BenchException("--source-addresses must be 0 to " + SourceAddresses.MAX_LOOPBACK + ", not " + count);
    }
    return SourceAddresses.forServer(target.mqttServer().getAddress(), count);
  }

  private static Optional<TlsSettings> tls(Target target, String provider) {
    try {
      return target.tls(provider);
    } catch (IllegalArgumentException e) {
      throw new BenchException("--tls-provider: " + e.getMessage());
    }
  }

  private static void write(Path file, String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new BenchException("cannot write the report to " + file + ": " + e.getMessage());
    }
  }
}
