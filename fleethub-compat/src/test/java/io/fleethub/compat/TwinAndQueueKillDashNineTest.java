package io.fleethub.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.Message;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import io.fleethub.server.testing.HubProcess;
import io.fleethub.testkit.azure.TwinCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a back end stored through the hub survives a SIGKILL of the hub: desired and reported properties, and
 * cloud-to-device messages queued for an offline device. The hub runs in its own process on the Azure ports,
 * driven by the official service and device SDKs, and is killed right after the last write was acknowledged.
 */
class TwinAndQueueKillDashNineTest {
  private static final String DEVICE_ID = "crash-twin";
  private static final HubProcess.Options CHILD =
      HubProcess.Options.named(CompatHub.HOST_NAME, CompatHub.HUB_NAME).onAzurePorts();
  private static final Duration DELIVERY = Duration.ofSeconds(30);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path temp;

  @Test
  void desiredAndReportedPropertiesAndQueuedMessagesSurviveAKillDashNine() throws Exception {
    Path dataDir = temp.resolve("data");
    int desiredVersion;
    int reportedVersion;

    // GIVEN a hub in its own process where a back end set desired properties, the device reported its own and
    // went offline, and the back end queued three messages for it
    try (HubProcess hub = HubProcess.start(dataDir, "first", CHILD)) {
      CompatHub.trustHubCaForHttpsUrlConnection(hub.info().caCertificate());
      String owner = hub.info().connectionString();
      RegistryClient registry = new RegistryClient(owner);
      Device device = registry.addDevice(new Device(DEVICE_ID, AuthenticationType.SAS));
      TwinClient twins = new TwinClient(owner);
      Twin twin = twins.get(DEVICE_ID);
      twin.getDesiredProperties().put("setpoint", 42);
      desiredVersion = twins.patch(twin).getDesiredProperties().getVersion();

      DeviceClient client = deviceClient(hub, device.getPrimaryKey());
      client.open(true);
      try {
        // The SDK sends no twin request before the device subscribes to its desired properties.
        client.subscribeToDesiredProperties((desired, context) -> { }, null);
        TwinCollection reported = new TwinCollection();
        reported.put("status", "ok");
        reportedVersion = TwinCalls.updateReported(client, reported).getVersion();
      } finally {
        client.close();
      }

      MessagingClient messaging = new MessagingClient(owner, IotHubServiceClientProtocol.AMQPS,
          MessagingClientOptions.builder().sslContext(trustingHub(hub)).build());
      messaging.open();
      try {
        for (String body : List.of("first", "second", "third")) {
          messaging.send(DEVICE_ID, new Message(body));
        }
      } finally {
        messaging.close();
      }

      // WHEN the hub is killed with SIGKILL
      hub.kill();
    }

    // THEN the restarted hub serves the twin as it was, and the device receives the three messages in order
    try (HubProcess restarted = HubProcess.start(dataDir, "restarted", CHILD)) {
      String owner = restarted.info().connectionString();
      Twin twin = new TwinClient(owner).get(DEVICE_ID);
      assertThat(((Number) twin.getDesiredProperties().get("setpoint")).intValue()).isEqualTo(42);
      assertThat(twin.getDesiredProperties().getVersion()).isEqualTo(desiredVersion);
      assertThat(twin.getReportedProperties()).containsEntry("status", "ok");
      assertThat(twin.getReportedProperties().getVersion()).isEqualTo(reportedVersion);

      String key = new RegistryClient(owner).getDevice(DEVICE_ID).getPrimaryKey();
      Queue<String> received = new ConcurrentLinkedQueue<>();
      DeviceClient client = deviceClient(restarted, key);
      client.setMessageCallback((message, context) -> {
        received.add(new String(message.getBytes(), UTF_8));
        return IotHubMessageResult.COMPLETE;
      }, null);
      client.open(true);
      try {
        await().atMost(DELIVERY).until(() -> received.size() >= 3);
      } finally {
        client.close();
      }
      assertThat(received).containsExactly("first", "second", "third");
      restarted.stop();
    }
  }

  private static DeviceClient deviceClient(HubProcess hub, String key) throws Exception {
    return new DeviceClient("HostName=" + CompatHub.HOST_NAME + ";DeviceId=" + DEVICE_ID + ";SharedAccessKey=" + key,
        IotHubClientProtocol.MQTT, ClientOptions.builder().sslContext(trustingHub(hub)).build());
  }

  private static javax.net.ssl.SSLContext trustingHub(HubProcess hub) throws Exception {
    return IotHubSSLContext.getSSLContextFromFile(hub.info().caCertificate().toString());
  }
}
