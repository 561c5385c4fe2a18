package io.fleethub.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.TestClock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.memory.InMemoryPolicyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessControlVerifiedTokensTest {
  private static final String HOST = "myhub.fleethub.test";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String PRIMARY = "1J7Q/GYFPsIXb6pqOLwL1BIkg1+SSwnWs/FUDhyr3RY=";
  private static final String SECONDARY = "Ia5acWEa0uUDQ+TmnSyUcpkg8U3hmnNscy/D9zYWrYA=";
  private static final String ROTATED = "Yz8kMYfjpnA6yzYxleUpFttLpaz5Z9aVit9zz7r3iHE=";

  private final CountingPolicyStore policies = new CountingPolicyStore();
  private final TestClock clock = new TestClock(NOW);
  private final AccessControl accessControl = new AccessControl(policies, clock, HOST);

  @BeforeEach
  void storePolicy() {
    policies.putPolicy(new SharedAccessPolicy("service", PRIMARY, SECONDARY,
        SharedAccessPolicy.standardRights("service")));
  }

  @Test
  void checksAReusedTokenAgainstItsPolicyOnlyOnceAMinute() {
    // GIVEN
    String token = sign(PRIMARY, NOW.plus(Duration.ofHours(1)));

    // WHEN
    for (int i = 0; i < 5; i++) {
      accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT);
    }
    clock.advance(VerifiedServiceTokens.TIME_TO_LIVE);
    ServicePrincipal again = accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT);

    // THEN
    assertThat(policies.reads.get()).isEqualTo(2);
    assertThat(again.policyName()).isEqualTo("service");
  }

  @Test
  void refusesARememberedTokenOnceItExpires() {
    // GIVEN
    String token = sign(PRIMARY, NOW.plusSeconds(10));
    accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT);

    // WHEN
    clock.advance(SasToken.MAX_CLOCK_SKEW.plusSeconds(11));
    HubException refused = catchThrowableOfType(
        () -> accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT), HubException.class);

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.IOT_HUB_UNAUTHORIZED_ACCESS);
    assertThat(refused.getMessage()).contains("expired");
  }

  @Test
  void stillChecksRightsForARememberedToken() {
    // GIVEN
    String token = sign(PRIMARY, NOW.plus(Duration.ofHours(1)));
    accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT);

    // WHEN
    HubException refused = catchThrowableOfType(
        () -> accessControl.authorizeService(token, AccessRight.REGISTRY_WRITE), HubException.class);

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void seesARotatedKeyWithinAMinute() {
    // GIVEN
    String token = sign(PRIMARY, NOW.plus(Duration.ofHours(1)));
    accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT);
    policies.putPolicy(new SharedAccessPolicy("service", ROTATED, SECONDARY,
        SharedAccessPolicy.standardRights("service")));

    // WHEN
    clock.advance(VerifiedServiceTokens.TIME_TO_LIVE);
    HubException refused = catchThrowableOfType(
        () -> accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT), HubException.class);

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.IOT_HUB_UNAUTHORIZED_ACCESS);
  }

  @Test
  void doesNotRememberARefusedToken() {
    // GIVEN
    String forged = sign(ROTATED, NOW.plus(Duration.ofHours(1)));

    // WHEN
    for (int i = 0; i < 2; i++) {
      catchThrowableOfType(() -> accessControl.authorizeService(forged, AccessRight.SERVICE_CONNECT),
          HubException.class);
    }

    // THEN
    assertThat(policies.reads.get()).isEqualTo(2);
  }

  @Test
  void remembersATokenPerTarget() {
    // GIVEN a token for the hub, which covers its entities too
    String token = sign(PRIMARY, NOW.plus(Duration.ofHours(1)));
    accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT);

    // WHEN
    accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT, "messages/servicebound/feedback");

    // THEN
    assertThat(policies.reads.get()).isEqualTo(2);
  }

  @Test
  void startsOverWhenFull() {
    VerifiedServiceTokens tokens = new VerifiedServiceTokens();
    SasToken sas = SasToken.parse(sign(PRIMARY, NOW.plus(Duration.ofHours(1))));
    ServicePrincipal principal = new ServicePrincipal("service", SharedAccessPolicy.standardRights("service"));

    for (int i = 0; i <= VerifiedServiceTokens.MAX_ENTRIES; i++) {
      tokens.remember("token " + i, HOST, false, sas, principal, NOW);
    }

    assertThat(tokens.size()).isEqualTo(1);
    assertThat(tokens.find("token " + VerifiedServiceTokens.MAX_ENTRIES, HOST, false, NOW)).contains(principal);
  }

  private static String sign(String key, Instant expiry) {
    return SasToken.sign(HOST, key, expiry, Optional.of("service")).toString();
  }

  /** Counts the policy reads authentication makes. */
  private static final class CountingPolicyStore implements PolicyStore {
    private final InMemoryPolicyStore store = new InMemoryPolicyStore();
    private final AtomicInteger reads = new AtomicInteger();

    @Override
    public List<SharedAccessPolicy> listPolicies() {
      return store.listPolicies();
    }

    @Override
    public Optional<SharedAccessPolicy> findPolicy(String keyName) {
      reads.incrementAndGet();
      return store.findPolicy(keyName);
    }

    @Override
    public void putPolicy(SharedAccessPolicy policy) {
      store.putPolicy(policy);
    }
  }
}
