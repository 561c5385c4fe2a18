package io.fleethub.bench;

import io.fleethub.bench.load.Meter;
import io.fleethub.bench.load.TelemetryLoad;
import io.fleethub.bench.load.TelemetrySettings;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub bench telemetry}: every device sends telemetry (QoS 1 by default) at a set rate or flat out;
 * the report gives acknowledged messages per second and the latency from each message's due time to its
 * PUBACK.
 */
@Command(name = "telemetry", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Connect devices and send device-to-cloud telemetry; report throughput and PUBACK latency.")
final class TelemetryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  FleetOptions fleet;

  @Option(names = "--payload-bytes", paramLabel = "BYTES", defaultValue = "256",
      description = "Body of each message, 0 to 262144 (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Option(names = "--qos", paramLabel = "0|1", defaultValue = "1",
      description = "MQTT QoS of the telemetry (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
      description = "Messages per second from the whole fleet, spread evenly over the devices; 0 = flat out,"
          + " each device keeping --inflight messages unacknowledged (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--rate-per-device", paramLabel = "PER_SECOND",
      description = "Messages per second per device, instead of --rate.")
  Double ratePerDevice;

  @Option(names = "--inflight", paramLabel = "N", defaultValue = "8",
      description = "QoS 1 messages per device awaiting their PUBACK (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(names = "--max-backlog", paramLabel = "N", defaultValue = "1000",
      description = "At a set rate, due messages per device that may wait for room in the window; more are"
          + " skipped and counted (default: ${DEFAULT-VALUE}).")
  int maxBacklog;

  @Mixin
  WindowOptions window;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    TelemetrySettings settings = settings();
    try (BenchRun run = BenchRun.open("telemetry", target, fleet, output, spec.commandLine().getErr(),
        device -> List.of())) {
      run.setting("payloadBytes", settings.payloadBytes());
      run.setting("qos", settings.qos().value());
      run.setting("ratePerSecond", settings.ratePerSecond());
      run.setting("inflight", settings.inflight());
      window.describeTo(run);
      run.requireConnected();
      Meter meter = new Meter();
      TelemetryLoad load = TelemetryLoad.on(run.fleet().readyConnections(), settings, meter, run.errors());
      load.start(System.nanoTime());
      run.measureAndReport("telemetry", settings.ratePerSecond(), meter, load, window, output,
          spec.commandLine().getOut());
    }
    return 0;
  }

  private TelemetrySettings settings() {
    if (qos != 0 && qos != 1) {
      throw new ParameterException(spec.commandLine(), "--qos must be 0 or 1, not " + qos);
    }
    if (ratePerDevice != null && rate != 0) {
      throw new ParameterException(spec.commandLine(), "give --rate or --rate-per-device, not both");
    }
    double total = ratePerDevice != null ? ratePerDevice * fleet.devices : rate;
    try {
      return new TelemetrySettings(payloadBytes, MqttQoS.valueOf(qos), total, inflight, maxBacklog);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
