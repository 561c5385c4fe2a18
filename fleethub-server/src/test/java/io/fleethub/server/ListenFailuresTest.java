package io.fleethub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.server.config.ServerConfig.Setting;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class ListenFailuresTest {

  @Test
  void aPrivilegedPortRefusedSaysToRunAsRootOrPickAnotherPort() {
    StartupException explained = ListenFailures.explain(new BindException("Permission denied"), Setting.HTTPS_PORT,
        "0.0.0.0", 443);

    assertThat(explained).hasMessage("cannot bind 443: permission denied — run as root or pass --https-port 8443");
  }

  @Test
  void aWrappedCauseIsFound() {
    Exception failure = new RuntimeException("listen failed", new BindException("bind(..) failed: Permission denied"));

    assertThat(ListenFailures.explain(failure, Setting.HTTPS_PORT, "0.0.0.0", 443))
        .hasMessageStartingWith("cannot bind 443: permission denied");
  }

  @Test
  void anAddressOfAnotherMachineSaysToChangeTheBindAddress() {
    StartupException explained = ListenFailures.explain(new BindException("Cannot assign requested address"),
        Setting.HTTPS_PORT, "10.9.9.9", 8443);

    assertThat(explained).hasMessage("cannot bind 10.9.9.9:8443: 10.9.9.9 is not an address of this machine — pass"
        + " --bind with one of its addresses, or 0.0.0.0 for all");
  }
}
