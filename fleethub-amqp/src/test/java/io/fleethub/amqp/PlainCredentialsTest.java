package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainCredentialsTest {
  @Test
  void readsAPolicyUserAndItsToken() {
    PlainCredentials credentials = parse("\0service@sas.root.testhub\0SharedAccessSignature sr=x");

    assertThat(credentials.password()).isEqualTo("SharedAccessSignature sr=x");
    assertThat(credentials.policyUser()).contains(new PlainCredentials.PolicyUser("service", "testhub"));
    assertThat(credentials.deviceUser()).isEmpty();
  }

  @Test
  void readsTheUpperCaseMarkerOfTheJavaServiceSdk() {
    assertThat(parse("\0iothubowner@SAS.root.testhub\0t").policyUser())
        .contains(new PlainCredentials.PolicyUser("iothubowner", "testhub"));
  }

  @Test
  void readsDeviceUsers() {
    PlainCredentials credentials = parse("\0thermostat-1@sas.testhub\0t");

    assertThat(credentials.policyUser()).isEmpty();
    assertThat(credentials.deviceUser()).contains(new PlainCredentials.DeviceUser(
        IdentityRef.device(DeviceId.of("thermostat-1")), "testhub"));
  }

  @Test
  void readsModuleUsersInBothForms() {
    PlainCredentials.DeviceUser module = new PlainCredentials.DeviceUser(
        IdentityRef.module(DeviceId.of("gateway"), ModuleId.of("filter")), "testhub");

    assertThat(parse("\0gateway/modules/filter@sas.testhub\0t").deviceUser()).contains(module);
    assertThat(parse("\0gateway/filter@sas.testhub\0t").deviceUser()).contains(module);
    assertThat(parse("\0gateway/things/filter@sas.testhub\0t").deviceUser()).isEmpty();
  }

  @Test
  void refusesResponsesWithoutThreeFields() {
    assertThat(PlainCredentials.parse("service@sas.root.testhub".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(parse("\0u@sas.root.h\0secret-token").toString()).doesNotContain("secret-token");
  }

  private static PlainCredentials parse(String response) {
    return PlainCredentials.parse(response.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }
}
