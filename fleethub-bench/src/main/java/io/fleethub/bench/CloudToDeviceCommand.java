package io.fleethub.bench;

import io.fleethub.bench.load.CloudToDeviceLoad;
import io.fleethub.bench.load.CloudToDeviceSettings;
import io.fleethub.bench.load.Meter;
import io.fleethub.bench.load.Ticker;
import io.fleethub.bench.mqtt.DeviceboundTopic;
import io.fleethub.bench.service.CloudToDeviceSender;
import io.fleethub.bench.service.ServiceAmqpConnection;
import io.fleethub.bench.service.ServiceToken;
import io.fleethub.bench.target.HubAddress;
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
 * {@code fleethub bench c2d}: every device subscribes to its cloud-to-device messages (QoS 1, its PUBACK completes
 * each); the bench, as the back end, sends messages over AMQP to the hub's {@code /messages/devicebound} at a set
 * rate, round-robin over the devices. The report gives messages delivered per second and the latency from each
 * send to its arrival at the device; messages the hub refuses are failures, with the hub's reason.
 */
@Command(name = "c2d", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Connect devices that receive cloud-to-device messages, and send them messages over AMQP as a"
        + " back end; report throughput and send-to-arrival latency. Needs a hub, not --broker.")
final class CloudToDeviceCommand implements Callable<Integer> {
  private static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofHours(1);

  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  FleetOptions fleet;

  @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "1000",
      description = "Messages per second from the back end, each to the next device in turn; keep the rate per"
          + " device low enough that each device's queue stays short (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--max-pending-per-device", paramLabel = "N", defaultValue = "10",
      description = "Messages per device sent and not yet arrived, 1 to 50 (IoT Hub refuses the 51st queued"
          + " message); a message due for a device with this many is skipped and counted (default: ${DEFAULT-VALUE}).")
  int maxPendingPerDevice;

  @Option(names = "--payload-bytes", paramLabel = "BYTES", defaultValue = "64",
      description = "Body of each message, 0 to 61440 (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Mixin
  WindowOptions window;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    target.requireHub("c2d", "sends cloud-to-device messages over the hub's AMQP service endpoint");
    CloudToDeviceSettings settings = settings();
    try (BenchRun run = BenchRun.open("c2d", target, fleet, output, spec.commandLine().getErr(),
            device -> List.of(DeviceboundTopic.filter(device.deviceId())));
        ServiceAmqpConnection amqp = connect(run)) {
      run.acknowledgement("delivered to the device (its QoS 1 PUBLISH arrived; the PUBACK completes it)");
      run.setting("ratePerSecond", settings.ratePerSecond());
      run.setting("maxPendingPerDevice", settings.maxPendingPerDevice());
      run.setting("payloadBytes", settings.payloadBytes());
      run.setting("amqp", amqp.address().toString());
      window.describeTo(run);
      run.requireConnected();
      CloudToDeviceSender sender = openSender(amqp, run);
      Meter meter = new Meter();
      CloudToDeviceLoad load = CloudToDeviceLoad.on(run.fleet().readyConnections(), sender, settings, meter,
          run.errors());
      load.start(System.nanoTime(), Ticker.SYSTEM);
      run.measureAndReport("c2d messages", settings.ratePerSecond(), meter, load, window, output,
          spec.commandLine().getOut());
    }
    return 0;
  }

  private CloudToDeviceSettings settings() {
    try {
      return new CloudToDeviceSettings(rate, maxPendingPerDevice, payloadBytes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The back end's AMQP connection, logged in through {@code $cbs} as the Azure SDKs do; the hub ending it once the
   * sender is attached is counted among the run's errors.
   */
  private static ServiceAmqpConnection connect(BenchRun run) {
    HubAddress hub = run.hub();
    try {
      return ServiceAmqpConnection.open(hub.requireAmqp(), hub.caFile(),
          new ServiceToken(hub, Clock.systemUTC(), SERVICE_TOKEN_LIFETIME), new ServiceAmqpConnection.Login.Cbs(),
          "fleethub-bench");
    } catch (IllegalArgumentException | TargetException e) {
      throw new BenchException(e.getMessage(), e);
    }
  }

  private static CloudToDeviceSender openSender(ServiceAmqpConnection amqp, BenchRun run) {
    try {
      return CloudToDeviceSender.open(amqp, reason -> run.errors().record("c2d: " + reason));
    } catch (TargetException e) {
      throw new BenchException(e.getMessage(), e);
    }
  }
}
