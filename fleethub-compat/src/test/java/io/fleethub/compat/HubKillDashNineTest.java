package io.fleethub.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.eventlog.file.FileEventLog;
import io.fleethub.eventlog.file.FileEventLogConfig;
import io.fleethub.server.HubInfo;
import io.fleethub.server.testing.HubProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of acknowledged telemetry across a crash: a hub in its own process is killed with SIGKILL while a
 * device streams QoS 1 messages to it, and every message it had acknowledged with a PUBACK must be in its event
 * log afterwards. The device is a raw Paho MQTT 3.1.1 client speaking IoT Hub's dialect (the official SDK would
 * hide which messages were acknowledged behind its retries).
 *
 * <p>The hub is started again on the same data directory after the kill, to show that it recovers and serves
 * (the device connects and one more message is stored after the recovered ones). It is then stopped, and the log
 * is read with {@link FileEventLog} directly: the log holds an exclusive lock on its directory while a hub runs,
 * and opening it in the test JVM reads exactly what the restarted hub would serve.
 */
class HubKillDashNineTest {
  private static final String DEVICE_ID = "crash-witness";
  private static final Duration SENDING = Duration.ofSeconds(2);
  private static final int MAX_IN_FLIGHT = 64;
  private static final Duration MQTT_TIMEOUT = Duration.ofSeconds(10);
  private static final String AFTER_RESTART = "after-restart";
  private static final HubProcess.Options CHILD = HubProcess.Options.named(CompatHub.HOST_NAME, CompatHub.HUB_NAME);

  /** Kept when the test fails, with the hubs' output next to the data directory. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path temp;

  @Test
  void everyAcknowledgedMessageSurvivesAKillDashNineOfTheHub() throws Exception {
    // GIVEN a hub in its own process, and a device that has been publishing numbered QoS 1 messages to it for
    // about two seconds, up to 64 unacknowledged at a time, and still is
    Path dataDir = temp.resolve("data");
    Publisher publisher;
    ExecutorService sending = Executors.newSingleThreadExecutor();
    try (HubProcess hub = HubProcess.start(dataDir, "first", CHILD)) {
      publisher = Publisher.connect(hub, DEVICE_ID, createDevice(hub, DEVICE_ID));
      Future<?> publishing = sending.submit(() -> {
        publisher.publishUntilConnectionLost();
        return null;
      });
      await("about two seconds of sending, with messages in flight")
          .pollDelay(SENDING)
          .atMost(SENDING.plus(MQTT_TIMEOUT))
          .failFast("publishing failed", publishing::isDone)
          .until(publisher::hasMessagesInFlight);

      // WHEN the hub is killed with SIGKILL
      hub.kill();
      publishing.get(MQTT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      sending.shutdownNow();
    }
    Set<Integer> acknowledged = publisher.acknowledged();
    int published = publisher.published();

    // AND started again on the same data directory, where the device connects and sends one more message
    try (HubProcess restarted = HubProcess.start(dataDir, "restarted", CHILD)) {
      Publisher.connect(restarted, DEVICE_ID, readDeviceKey(restarted, DEVICE_ID)).publishOne(AFTER_RESTART);
      restarted.stop();
    }

    // THEN the log holds every acknowledged message, each once, in publish order with nothing missing before
    // the last one stored (a crash loses at most a tail of unacknowledged ones), then the message sent after
    // the restart
    List<String> stored = storedSequenceNumbers(dataDir, DEVICE_ID);
    assertThat(acknowledged).as("messages the hub acknowledged before the kill").isNotEmpty()
        .hasSizeLessThan(published);
    assertThat(stored).last().isEqualTo(AFTER_RESTART);
    List<String> beforeKill = stored.subList(0, stored.size() - 1);
    assertThat(beforeKill).doesNotHaveDuplicates()
        .containsAll(acknowledged.stream().map(String::valueOf).toList())
        .containsExactlyElementsOf(IntStream.range(0, beforeKill.size()).mapToObj(String::valueOf).toList())
        .hasSizeLessThanOrEqualTo(published);
  }

  /** The {@code seq} application property of each message {@code deviceId} sent, in log order. */
  private static List<String> storedSequenceNumbers(Path dataDir, String deviceId) throws Exception {
    List<String> sequence = new ArrayList<>();
    try (FileEventLog log =
        FileEventLog.open(dataDir.resolve("eventlog"), FileEventLogConfig.defaults(), Clock.systemUTC())) {
      for (int partition = 0; partition < log.partitionCount(); partition++) {
        long next = log.partitionInfo(partition).beginningSequenceNumber();
        for (List<StoredEvent> page = log.read(partition, next, 1_000); !page.isEmpty();
            page = log.read(partition, next, 1_000)) {
          page.stream()
              .filter(event -> deviceId.equals(
                  event.data().systemProperties().get(MessageProperties.CONNECTION_DEVICE_ID)))
              .forEach(event -> sequence.add(event.data().applicationProperties().get("seq")));
          next = page.get(page.size() - 1).sequenceNumber() + 1;
        }
      }
    }
    return sequence;
  }

  /** Registers a device through the service REST API, signed with the owner key from hub.json; returns its key. */
  private static String createDevice(HubProcess hub, String deviceId) throws Exception {
    return primaryKey(serviceCall(hub, HttpRequest.newBuilder(deviceUri(hub, deviceId))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"" + deviceId + "\"}"))));
  }

  private static String readDeviceKey(HubProcess hub, String deviceId) throws Exception {
    return primaryKey(serviceCall(hub, HttpRequest.newBuilder(deviceUri(hub, deviceId)).GET()));
  }

  private static URI deviceUri(HubProcess hub, String deviceId) {
    return URI.create("https://" + CompatHub.HOST_NAME + ":" + hub.port("https") + "/devices/" + deviceId
        + "?api-version=2021-04-12");
  }

  private static String serviceCall(HubProcess hub, HttpRequest.Builder request) throws Exception {
    HubInfo info = hub.info();
    String ownerKey = CompatHub.field(info.connectionString(), "SharedAccessKey");
    String token = SasToken.sign(CompatHub.HOST_NAME, ownerKey, Instant.now().plus(Duration.ofMinutes(10)),
        Optional.of("iothubowner")).toString();
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(trustingHubCa(info))
        .connectTimeout(MQTT_TIMEOUT)
        .build();
    HttpResponse<String> response = http.send(request.header("Authorization", token).timeout(MQTT_TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.uri(), response.body())
        .isBetween(200, 299);
    return response.body();
  }

  private static String primaryKey(String deviceJson) throws Exception {
    return new ObjectMapper().readTree(deviceJson).path("authentication").path("symmetricKey").path("primaryKey")
        .asText();
  }

  private static SSLContext trustingHubCa(HubInfo info) throws Exception {
    return IotHubSSLContext.getSSLContextFromFile(info.caCertificate().toString());
  }

  /**
   * A device's MQTT connection as IoT Hub's documentation describes it: client id = device id, user name
   * {@code {host}/{deviceId}/?api-version=...}, a SAS token signed with the device key as password, TLS trusting
   * the hub's CA. Records which numbered messages the hub acknowledged.
   */
  private static final class Publisher {
    private final MqttAsyncClient client;
    private final String topicPrefix;
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final CountDownLatch connectionLost = new CountDownLatch(1);
    private final AtomicInteger published = new AtomicInteger();

    private Publisher(MqttAsyncClient client, String deviceId) {
      this.client = client;
      this.topicPrefix = "devices/" + deviceId + "/messages/events/";
    }

    static Publisher connect(HubProcess hub, String deviceId, String deviceKey) throws Exception {
      MqttAsyncClient client = new MqttAsyncClient("ssl://" + CompatHub.HOST_NAME + ":" + hub.port("mqtts"),
          deviceId, new MemoryPersistence());
      Publisher publisher = new Publisher(client, deviceId);
      client.setCallback(new MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
          publisher.connectionLost.countDown();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {}

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
      });
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setUserName(CompatHub.HOST_NAME + "/" + deviceId + "/?api-version=2021-04-12");
      options.setPassword(SasToken.sign(CompatHub.HOST_NAME + "/devices/" + deviceId, deviceKey,
          Instant.now().plus(Duration.ofHours(1)), Optional.empty()).toString().toCharArray());
      options.setSocketFactory(trustingHubCa(hub.info()).getSocketFactory());
      options.setCleanSession(true);
      options.setAutomaticReconnect(false);
      options.setMaxInflight(MAX_IN_FLIGHT * 2);
      options.setConnectionTimeout((int) MQTT_TIMEOUT.toSeconds());
      client.connect(options).waitForCompletion(MQTT_TIMEOUT.toMillis());
      return publisher;
    }

    /**
     * Publishes messages numbered 0, 1, 2... as fast as the hub acknowledges them, at most {@link #MAX_IN_FLIGHT}
     * unacknowledged, until the connection is lost.
     */
    void publishUntilConnectionLost() throws MqttException, InterruptedException {
      Semaphore window = new Semaphore(MAX_IN_FLIGHT);
      IMqttActionListener release = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          acknowledged.add((Integer) token.getUserContext());
          window.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
          window.release();
        }
      };
      while (connectionLost.getCount() > 0) {
        if (window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
          int seq = published.getAndIncrement();
          try {
            client.publish(topicPrefix + "seq=" + seq, message(Integer.toString(seq)), seq, release);
          } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                && e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
              throw e;
            }
          }
        }
      }
      client.close(true);
    }

    boolean hasMessagesInFlight() {
      return published.get() > acknowledged.size();
    }

    /** Publishes one message and waits for its PUBACK. */
    void publishOne(String seq) throws MqttException {
      client.publish(topicPrefix + "seq=" + seq, message(seq)).waitForCompletion(MQTT_TIMEOUT.toMillis());
      client.disconnect().waitForCompletion(MQTT_TIMEOUT.toMillis());
      client.close();
    }

    Set<Integer> acknowledged() {
      return Set.copyOf(acknowledged);
    }

    int published() {
      return published.get();
    }

    private static MqttMessage message(String body) {
      MqttMessage message = new MqttMessage(body.getBytes(UTF_8));
      message.setQos(1);
      return message;
    }
  }
}
