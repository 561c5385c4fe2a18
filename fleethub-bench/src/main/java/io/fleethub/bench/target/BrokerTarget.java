package io.fleethub.bench.target;

import io.fleethub.bench.mqtt.DeviceCredentials;
import io.fleethub.bench.mqtt.TlsSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A plain MQTT broker (Mosquitto, for instance) as a baseline: no registry and no authentication; each device
 * connects with its name as client id and publishes to the topic pattern with {@code {device}} replaced by its
 * name. Immutable.
 */
public final class BrokerTarget implements Target {
  public static final String DEFAULT_TOPIC = "bench/{device}/telemetry";

  private static final String DEVICE_PLACEHOLDER = "{device}";

  private final MqttUrl url;
  private final InetSocketAddress server;
  private final Optional<Path> caFile;
  private final String topic;
  private final DeviceNames names;

  /**
   * @param url {@code mqtt://host[:port]} or {@code mqtts://host[:port]}
   * @param caFile the CA certificates (PEM) to trust over TLS; empty for the JVM's
   * @param topic the telemetry topic, {@code {device}} standing for the device's name
   * @throws IllegalArgumentException saying which argument is unusable
   */
  public BrokerTarget(String url, Optional<Path> caFile, String topic, DeviceNames names) {
    this.url = MqttUrl.parse(Objects.requireNonNull(url, "url"));
    this.caFile = Objects.requireNonNull(caFile, "caFile");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.names = Objects.requireNonNull(names, "names");
    requireTopic(topic, names);
    if (caFile.isPresent() && !this.url.tls()) {
      throw new IllegalArgumentException("a CA file is for a broker over TLS, and " + this.url + " is plain TCP;"
          + " use mqtts://");
    }
    caFile.ifPresent(CaFiles::requireReadable);
    this.server = this.url.resolve();
  }

  @Override
  public String describe() {
    return "MQTT broker at " + url;
  }

  @Override
  public String kind() {
    return "mqtt";
  }

  @Override
  public String acknowledgement() {
    return "received by the broker (no fsync)";
  }

  /** A plain broker needs nothing before devices connect. */
  @Override
  public void prepare(int devices, Consumer<String> progress) {}

  @Override
  public InetSocketAddress mqttServer() {
    return server;
  }

  @Override
  public Optional<TlsSettings> tls(String provider) {
    return url.tls() ? Optional.of(new TlsSettings(caFile, url.host(), provider)) : Optional.empty();
  }

  @Override
  public DeviceCredentials device(int index) {
    String name = names.name(index);
    return new DeviceCredentials(name, name, Optional.empty(), Optional.empty(),
        topic.replace(DEVICE_PLACEHOLDER, name));
  }

  /** Device names may hold {@code +} and {@code #} too, which a topic name may not. */
  private static void requireTopic(String pattern, DeviceNames names) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("the telemetry topic must not be empty");
    }
    String example = pattern.replace(DEVICE_PLACEHOLDER, names.name(0));
    if (example.indexOf('+') >= 0 || example.indexOf('#') >= 0) {
      throw new IllegalArgumentException("the telemetry topic '" + example + "' has a wildcard (+ or #), which"
          + " a PUBLISH may not carry");
    }
  }
}
