package io.fleethub.compat.eventhubs;

import io.fleethub.core.auth.SasToken;
import io.fleethub.server.HubInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device speaking IoT Hub's MQTT directly with Paho, for load: it keeps up to {@value #IN_FLIGHT} QoS 1
 * telemetry messages unacknowledged, where the device SDK sends one at a time. SAS authentication with the
 * device's key, TLS trusting the hub's CA. Not thread-safe.
 */
final class RawMqttDevice implements AutoCloseable {
  private static final int IN_FLIGHT = 500;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String deviceId;
  private final MqttAsyncClient client;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private RawMqttDevice(String deviceId, MqttAsyncClient client) {
    this.deviceId = deviceId;
    this.client = client;
  }

  static RawMqttDevice connect(HubInfo info, int mqttPort, String deviceId, String deviceKey)
      throws IOException, MqttException {
    MqttAsyncClient client = new MqttAsyncClient("ssl://" + info.hostName() + ":" + mqttPort, deviceId,
        new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setKeepAliveInterval(60);
    options.setMaxInflight(IN_FLIGHT);
    options.setSocketFactory(HubTrust.context(info.caCertificate()).getSocketFactory());
    options.setUserName(info.hostName() + "/" + deviceId + "/?api-version=2021-04-12");
    options.setPassword(SasToken.sign(info.hostName() + "/devices/" + deviceId, deviceKey,
        Instant.now().plus(Duration.ofHours(1)), Optional.empty()).toString().toCharArray());
    client.connect(options).waitForCompletion(TIMEOUT.toMillis());
    return new RawMqttDevice(deviceId, client);
  }

  /**
   * Publishes telemetry with QoS 1 without waiting for its PUBACK, once fewer than {@value #IN_FLIGHT} are
   * unacknowledged; {@link #awaitAcknowledged} waits for the rest.
   */
  void publish(byte[] body) throws MqttException, InterruptedException {
    if (!inFlight.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("no PUBACK for " + TIMEOUT + " with " + IN_FLIGHT + " messages in flight");
    }
    MqttMessage message = new MqttMessage(body);
    message.setQos(1);
    client.publish(topic(), message, null, new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        inFlight.release();
      }

      @Override
      public void onFailure(IMqttToken token, Throwable error) {
        failure.compareAndSet(null, error);
        inFlight.release();
      }
    });
  }

  /** Waits until every message published so far was acknowledged; throws when one was not. */
  void awaitAcknowledged() throws InterruptedException {
    if (!inFlight.tryAcquire(IN_FLIGHT, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("messages still unacknowledged after " + TIMEOUT);
    }
    inFlight.release(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("a publish failed", failure.get());
    }
  }

  /** Publishes one message with QoS 1 and returns once the hub acknowledged it (PUBACK). */
  void publishAndAwaitPuback(byte[] body) throws MqttException {
    MqttMessage message = new MqttMessage(body);
    message.setQos(1);
    client.publish(topic(), message).waitForCompletion(TIMEOUT.toMillis());
  }

  private String topic() {
    return "devices/" + deviceId + "/messages/events/";
  }

  @Override
  public void close() throws MqttException {
    try {
      client.disconnect().waitForCompletion(TIMEOUT.toMillis());
    } finally {
      client.close(true);
    }
  }
}
