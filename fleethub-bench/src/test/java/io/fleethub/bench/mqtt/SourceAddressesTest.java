package io.fleethub.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {
  @Test
  void spreadsDevicesRoundRobinOverLoopbackAddresses() throws Exception {
    SourceAddresses sources = SourceAddresses.forServer(InetAddress.getByName("127.0.0.1"), 3);

    assertThat(sources.forDevice(0).orElseThrow().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(sources.forDevice(2).orElseThrow().getAddress().getHostAddress()).isEqualTo("127.0.0.3");
    assertThat(sources.forDevice(3).orElseThrow().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(sources.forDevice(4).orElseThrow().getPort()).isZero();
    assertThat(sources).hasToString("127.0.0.1-127.0.0.3");
  }

  @Test
  void letsTheSystemChooseForAServerElsewhere() throws Exception {
    SourceAddresses sources = SourceAddresses.forServer(InetAddress.getByName("192.0.2.1"), 16);

    assertThat(sources.forDevice(0)).isEmpty();
    assertThat(sources).hasToString("any");
  }
}
