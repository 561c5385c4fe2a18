package io.fleethub.bench;

import io.fleethub.bench.target.BrokerTarget;
import io.fleethub.bench.target.DeviceNames;
import io.fleethub.bench.target.HubAddress;
import io.fleethub.bench.target.IotHubTarget;
import io.fleethub.bench.target.Target;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What the bench drives: a hub, found as the {@code fleethub} CLI finds one ({@code hub.json} in the data
 * directory, or a service connection string with the CA to trust), or a plain MQTT broker ({@code --broker}).
 */
final class TargetOptions {
  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:FLEETHUB_DATA_DIR:-./data}",
      description = "Data directory of a hub started on this machine; its hub.json says how to reach it"
          + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--connection-string", paramLabel = "CS",
      description = "Service connection string of a policy with RegistryWrite (iothubowner), instead of hub.json.")
  String connectionString;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "CA certificate to trust (default: the hub's ca.pem from hub.json, else the JVM's CAs).")
  Path caFile;

  @Option(names = "--hub-url", paramLabel = "URL",
      description = "The hub's HTTPS API with --connection-string (default: https://<HostName>:443).")
  String hubUrl;

  @Option(names = "--mqtt-url", paramLabel = "URL",
      description = "The hub's MQTT listener with --connection-string (default: mqtts://<HostName>:8883).")
  String mqttUrl;

  @Option(names = "--amqp-url", paramLabel = "URL",
      description = "The hub's AMQP listener with --connection-string, for bench c2d"
          + " (default: amqps://<HostName>:5671).")
  String amqpUrl;

  @Option(names = "--broker", paramLabel = "URL",
      description = "Drive a plain MQTT broker instead of a hub: mqtt://host:port or mqtts://host:port."
          + " No registry, no authentication, telemetry on --topic.")
  String broker;

  @Option(names = "--topic", paramLabel = "PATTERN", defaultValue = BrokerTarget.DEFAULT_TOPIC,
      description = "Telemetry topic on a plain broker; {device} stands for the device id (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--device-prefix", paramLabel = "PREFIX", defaultValue = "bench",
      description = "Devices are named <prefix>-000000, <prefix>-000001, ... (default: ${DEFAULT-VALUE}).")
  String devicePrefix;

  @Option(names = "--first-device", paramLabel = "N", defaultValue = "0",
      description = "Number of the first device, so that several bench processes can share a range"
          + " (default: ${DEFAULT-VALUE}).")
  int firstDevice;

  @Option(names = "--token-lifetime", paramLabel = "DURATION", defaultValue = "1d",
      converter = DurationConverter.class,
      description = "How long each device's SAS token is valid (default: ${DEFAULT-VALUE}).")
  Duration tokenLifetime;

  @Option(names = "--registry-concurrency", paramLabel = "N", defaultValue = "16",
      description = "Registry requests in flight while devices are created (default: ${DEFAULT-VALUE}).")
  int registryConcurrency;

  /**
   * For a scenario that acts as the hub's back end too: {@link BenchException} when these options name a plain
   * broker, which has no back-end API.
   *
   * @param what what the scenario does that needs a hub, e.g. {@code "invokes direct methods through the hub's
   *     service REST API"}
   */
  void requireHub(String scenario, String what) {
    if (broker != null) {
      throw new BenchException("bench " + scenario + " " + what + ", which a plain MQTT broker (--broker) does not"
          + " have; drive a hub (--data-dir or --connection-string)");
    }
  }

  /** The target these options name; {@link BenchException} when they contradict each other or are invalid. */
  Target resolve(Clock clock) {
    DeviceNames names;
    try {
      names = new DeviceNames(devicePrefix, firstDevice);
    } catch (IllegalArgumentException e) {
      throw new BenchException("--device-prefix/--first-device: " + e.getMessage());
    }
    if (broker != null) {
      if (connectionString != null || hubUrl != null || mqttUrl != null || amqpUrl != null) {
        throw new BenchException("--broker drives a plain MQTT broker; it cannot be combined with"
            + " --connection-string, --hub-url, --mqtt-url or --amqp-url");
      }
      try {
        return new BrokerTarget(broker, Optional.ofNullable(caFile), topic, names);
      } catch (IllegalArgumentException e) {
        throw new BenchException(e.getMessage(), e);
      }
    }
    if (registryConcurrency < 1) {
      throw new BenchException("--registry-concurrency must be at least 1, not " + registryConcurrency);
    }
    try {
      HubAddress hub = connectionString != null
          ? HubAddress.fromConnectionString(connectionString, Optional.ofNullable(caFile),
              Optional.ofNullable(hubUrl), Optional.ofNullable(mqttUrl), Optional.ofNullable(amqpUrl))
          : HubAddress.fromDataDir(dataDir, Optional.ofNullable(caFile));
      return new IotHubTarget(hub, names, tokenLifetime, clock, registryConcurrency);
    } catch (IllegalArgumentException e) {
      throw new BenchException(e.getMessage(), e);
    }
  }
}
