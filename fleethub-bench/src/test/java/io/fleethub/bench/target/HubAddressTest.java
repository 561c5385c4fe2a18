package io.fleethub.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubAddressTest {
  private static final String KEY = "c2VjcmV0LWtleS1vZi10aGUtb3duZXI=";

  @TempDir
  Path dataDir;

  private void writeHubJson(String listeners) throws Exception {
    Path ca = Files.writeString(dataDir.resolve("ca.pem"), "not read here");
    Files.writeString(dataDir.resolve("hub.json"), """
        {"hostName": "bench.localhost", "hubName": "bench",
         "connectionString": "HostName=bench.localhost;SharedAccessKeyName=iothubowner;SharedAccessKey=%s",
         "caCertificate": "%s",
         "listeners": [%s]}
        """.formatted(KEY, ca.toString().replace("\\", "\\\\"), listeners));
  }

  @Test
  void readsHubJsonReachingLoopbackListenersAsLocalhost() throws Exception {
    writeHubJson("""
        {"protocol": "https", "bindAddress": "127.0.0.1", "port": 8443, "url": "https://bench.localhost:8443"},
        {"protocol": "mqtts", "bindAddress": "0.0.0.0", "port": 8883, "url": "mqtts://bench.localhost"},
        {"protocol": "amqps", "bindAddress": "0.0.0.0", "port": 15671, "url": "amqps://bench.localhost:15671"}
        """);

    HubAddress hub = HubAddress.fromDataDir(dataDir, Optional.empty());

    assertThat(hub.hostName()).isEqualTo("bench.localhost");
    assertThat(hub.policyName()).isEqualTo("iothubowner");
    assertThat(hub.policyKey()).isEqualTo(KEY);
    assertThat(hub.registry()).isEqualTo(URI.create("https://localhost:8443"));
    assertThat(hub.mqtt()).isEqualTo(new MqttUrl(true, "localhost", 8883));
    assertThat(hub.requireAmqp()).isEqualTo(URI.create("amqps://localhost:15671"));
    assertThat(hub.caFile()).contains(dataDir.resolve("ca.pem"));
  }

  @Test
  void saysHowToNameTheAmqpListenerWhenHubJsonListsNone() throws Exception {
    writeHubJson("""
        {"protocol": "https", "bindAddress": "127.0.0.1", "port": 8443, "url": "https://bench.localhost:8443"},
        {"protocol": "mqtts", "bindAddress": "0.0.0.0", "port": 8883, "url": "mqtts://bench.localhost"}
        """);

    HubAddress hub = HubAddress.fromDataDir(dataDir, Optional.empty());

    assertThat(hub.amqp()).isEmpty();
    assertThatThrownBy(hub::requireAmqp).hasMessageContaining("lists no amqps listener");
  }

  @Test
  void saysWhenThereIsNoHubOrNoMqttListener() throws Exception {
    assertThatThrownBy(() -> HubAddress.fromDataDir(dataDir, Optional.empty()))
        .hasMessageStartingWith("no hub found: " + dataDir.resolve("hub.json").toAbsolutePath() + " does not exist");

    writeHubJson("""
        {"protocol": "https", "bindAddress": "0.0.0.0", "port": 443, "url": "https://bench.localhost"}
        """);
    assertThatThrownBy(() -> HubAddress.fromDataDir(dataDir, Optional.empty()))
        .hasMessageContaining("lists no mqtts listener");
  }

  @Test
  void takesTheHostNameOfAConnectionStringForBothListeners() {
    HubAddress hub = HubAddress.fromConnectionString(
        "HostName=hub.example.net;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(hub.registry()).isEqualTo(URI.create("https://hub.example.net:443"));
    assertThat(hub.mqtt()).isEqualTo(new MqttUrl(true, "hub.example.net", 8883));
    assertThat(hub.requireAmqp()).isEqualTo(URI.create("amqps://hub.example.net:5671"));
    assertThat(hub.caFile()).isEmpty();

    HubAddress local = HubAddress.fromConnectionString(
        "hostname=hub.example.net;sharedaccesskeyname=owner;sharedaccesskey=" + KEY, Optional.empty(),
        Optional.of("https://localhost:8443/"), Optional.of("mqtts://localhost:18883"),
        Optional.of("amqps://localhost"));
    assertThat(local.registry()).isEqualTo(URI.create("https://localhost:8443"));
    assertThat(local.mqtt().port()).isEqualTo(18883);
    assertThat(local.requireAmqp()).isEqualTo(URI.create("amqps://localhost:5671"));
  }

  @Test
  void rejectsAnIncompleteConnectionString() {
    assertThatThrownBy(() -> HubAddress.fromConnectionString("HostName=h;SharedAccessKeyName=p", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty()))
        .hasMessageStartingWith("the connection string has no SharedAccessKey");
    assertThatThrownBy(() -> HubAddress.fromConnectionString("HostName=h;SharedAccessKeyName=p;SharedAccessKey=k",
        Optional.empty(), Optional.of("http://h"), Optional.empty(), Optional.empty()))
        .hasMessageContaining("not an https:// URL");
    assertThatThrownBy(() -> HubAddress.fromConnectionString("HostName=h;SharedAccessKeyName=p;SharedAccessKey=k",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("amqp://h:5672")))
        .hasMessageContaining("not an amqps:// URL");
  }
}
