package io.fleethub.bench.target;

import io.fleethub.bench.mqtt.DeviceCredentials;
import io.fleethub.bench.mqtt.TlsSettings;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the bench drives: where its MQTT listener is, how each simulated device presents itself, and what must
 * exist before the devices connect. {@link #prepare} runs once, on one thread, before any {@link #device} call;
 * the other methods may be called from any thread.
 */
public interface Target {
  /** One line saying what is driven, e.g. {@code MQTT broker at mqtts://localhost:8883}. */
  String describe();

  /** {@code fleethub} for a hub, {@code mqtt} for a plain broker; reports are labelled by it. */
  String kind();

  /** What a PUBACK promises on this target, so that reports of different targets compare fairly. */
  String acknowledgement();

  /**
   * Makes devices {@code 0 .. devices - 1} ready to connect (for a hub: registers them); idempotent, so a second
   * run reuses what the first made. Prints progress lines to {@code progress}.
   *
   * @throws TargetException when the target refuses or cannot be reached
   */
  void prepare(int devices, Consumer<String> progress) throws InterruptedException;

  /** The MQTT listener, resolved. */
  InetSocketAddress mqttServer();

  /**
   * The client side of TLS with the given provider; empty for plain TCP.
   *
   * @throws IllegalArgumentException for a provider other than {@code jdk} or {@code openssl}
   */
  Optional<TlsSettings> tls(String provider);

  /** How device {@code index} (from 0) connects; for a hub, only after {@link #prepare} covered it. */
  DeviceCredentials device(int index);
}
