package io.fleethub.bench.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.bench.target.HubAddress;
import io.fleethub.bench.target.MqttUrl;
import io.fleethub.core.auth.SasToken;
import io.fleethub.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceTokenTest {
  private static final String KEY = "c2VjcmV0LWtleS1vZi10aGUtb3duZXI=";
  private static final HubAddress HUB = new HubAddress("hub.test", "iothubowner", KEY,
      URI.create("https://localhost:8443"), new MqttUrl(true, "localhost", 8883), Optional.empty(), Optional.empty());

  @Test
  void signsForTheWholeHubWithThePolicy() {
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    SasToken token = SasToken.parse(new ServiceToken(HUB, clock, Duration.ofHours(1)).current());

    assertThat(token.resource()).isEqualTo("hub.test");
    assertThat(token.keyName()).contains("iothubowner");
    assertThat(token.expiry()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(token.isSignedByAnyOf(List.of(KEY))).isTrue();
  }

  @Test
  void signsWithAPolicyGivenByNameAndKey() {
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    ServiceToken tokens = new ServiceToken("other.test", "service", KEY, clock, Duration.ofHours(1));

    SasToken token = SasToken.parse(tokens.current());

    assertThat(tokens.audience()).isEqualTo("other.test");
    assertThat(tokens.policyName()).isEqualTo("service");
    assertThat(token.resource()).isEqualTo("other.test");
    assertThat(token.keyName()).contains("service");
    assertThat(token.isSignedByAnyOf(List.of(KEY))).isTrue();
  }

  @Test
  void reusesATokenUntilHalfItsLifetimeHasPassed() {
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    ServiceToken tokens = new ServiceToken(HUB, clock, Duration.ofHours(1));
    String first = tokens.current();

    clock.advance(Duration.ofMinutes(29));
    assertThat(tokens.current()).isEqualTo(first);

    clock.advance(Duration.ofMinutes(1));
    assertThat(SasToken.parse(tokens.current()).expiry()).isEqualTo(Instant.parse("2026-03-01T11:30:00Z"));
  }

  @Test
  void refusesALifetimeUnderAMinute() {
    assertThatThrownBy(() -> new ServiceToken(HUB, MutableClock.at("2026-03-01T10:00:00Z"), Duration.ofSeconds(59)))
        .hasMessageContaining("at least a minute");
  }
}
