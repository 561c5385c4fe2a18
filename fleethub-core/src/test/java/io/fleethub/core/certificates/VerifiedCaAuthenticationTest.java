package io.fleethub.core.certificates;

import io.fleethub.core.memory.InMemoryCaCertificateStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.TestClock;
import io.fleethub.core.auth.DeviceAuthException;
import io.fleethub.core.auth.DeviceAuthMethod;
import io.fleethub.core.auth.DeviceAuthenticator;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.core.certificates.TestPki.Issued;
import io.fleethub.core.certificates.TestPki.Validity;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.TestIdentities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry as the device authenticator's source of trusted CAs: only a proven CA lets its devices in. */
class VerifiedCaAuthenticationTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final Validity VALID =
      new Validity(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(365)));
  private static final CertificateName ROOT = CertificateName.of("contoso-root");
  private static final Issued CA = TestPki.rootCa("Contoso Root CA", VALID);
  private static final IdentityRef SENSOR = IdentityRef.device(DeviceId.of("sensor-1"));

  private final TestClock clock = new TestClock(START);
  private final CaCertificateRegistry certificates =
      new CaCertificateRegistry(new InMemoryCaCertificateStore(), clock, KeyGenerator.secure());
  private final DeviceAuthenticator authenticator = authenticator();

  @Test
  void deviceSignedByAnUploadedButUnprovenCaIsRefused() {
    // GIVEN
    certificates.upload(ROOT, CA.pem(), false, Optional.empty());
    Issued device = TestPki.leaf(CA, "sensor-1", VALID);

    // THEN
    assertThatThrownBy(() -> authenticator.authenticateCertificate(SENSOR, List.of(device.certificate())))
        .isInstanceOf(DeviceAuthException.class);
  }

  @Test
  void deviceSignedByAProvenCaIsAuthenticated() {
    // GIVEN
    CaCertificate withCode = certificates.generateVerificationCode(ROOT,
        certificates.upload(ROOT, CA.pem(), false, Optional.empty()).certificate().etag());
    certificates.verify(ROOT, withCode.etag(), TestPki.leaf(CA, withCode.verificationCode().orElseThrow(), VALID)
        .pem());
    Issued device = TestPki.leaf(CA, "sensor-1", VALID);

    // WHEN
    DevicePrincipal principal = authenticator.authenticateCertificate(SENSOR, List.of(device.certificate()));

    // THEN
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_CA);
  }

  private DeviceAuthenticator authenticator() {
    InMemoryRegistryStore registry = new InMemoryRegistryStore();
    registry.insertDevice(TestIdentities.device("sensor-1", "638000000000000001", DeviceStatus.ENABLED,
        Authentication.certificateAuthority()));
    return new DeviceAuthenticator(registry, new NoPolicies(), certificates, clock,
        new HubIdentity("hub.fleethub.test", "hub"));
  }

  /** A hub without shared access policies: these tests authenticate with certificates only. */
  private static final class NoPolicies implements PolicyStore {
    @Override
    public List<SharedAccessPolicy> listPolicies() {
      return List.of();
    }

    @Override
    public Optional<SharedAccessPolicy> findPolicy(String keyName) {
      return Optional.empty();
    }

    @Override
    public void putPolicy(SharedAccessPolicy policy) {
      throw new UnsupportedOperationException("no policies in this test");
    }
  }
}
