package io.fleethub.core.auth;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.DeviceAuthException.Reason;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.AuthenticationType;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.registry.SymmetricKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Decides whether a device or module connection may proceed, as IoT Hub does: credentials are checked first
 * (so a refusal never tells a stranger whether a device is disabled), then the device's status. A module is
 * refused when its device is disabled. Thread-safe; blocks on the registry store.
 */
public final class DeviceAuthenticator {
  private final RegistryStore registry;
  private final PolicyStore policies;
  private final VerifiedCaCertificates caCertificates;
  private final Clock clock;
  private final HubIdentity hub;

  public DeviceAuthenticator(RegistryStore registry, PolicyStore policies, VerifiedCaCertificates caCertificates,
      Clock clock, HubIdentity hub) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.caCertificates = Objects.requireNonNull(caCertificates, "caCertificates");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hub = Objects.requireNonNull(hub, "hub");
  }

  /**
   * Authenticates with a SAS token signed by the identity's own key, or by a policy granting DeviceConnect,
   * whose scope covers the identity ({@code host/devices/{id}[/modules/{mid}]}).
   */
  public DevicePrincipal authenticateToken(IdentityRef who, String token) {
    Registered registered = lookUp(who);
    SasToken sas;
    try {
      sas = SasToken.parse(token);
    } catch (SasTokenException e) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS, "Malformed SAS token: " + e.getMessage());
    }
    String target = hub.hostName() + "/devices/" + who.deviceId().value()
        + who.moduleId().map(m -> "/modules/" + m.value()).orElse("");
    if (!sas.covers(target)) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The token is for '" + sas.resource() + "', which does not cover '" + target + "'.");
    }
    DeviceAuthMethod method = sas.keyName().isPresent()
        ? checkPolicySignature(sas, sas.keyName().get())
        : checkIdentitySignature(sas, who, registered.authentication());
    if (sas.isExpired(clock.instant())) {
      throw new DeviceAuthException(Reason.EXPIRED, "The token expired at " + sas.expiry() + ".");
    }
    requireEnabled(who, registered);
    return new DevicePrincipal(who, registered.generationId(), method, Optional.of(sas.expiry()));
  }

  /**
   * Authenticates with a TLS client certificate chain (leaf first): a self-signed identity's leaf must have a
   * registered SHA-1 or SHA-256 thumbprint and be within its validity period by the hub's clock; a CA-signed
   * identity's chain must verify against a verified CA certificate, and the leaf's subject CN must be the device
   * id ({@code deviceId/moduleId} for a module, its identity name as IoT Hub lists it).
   */
  public DevicePrincipal authenticateCertificate(IdentityRef who, List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS, "The connection presented no client certificate.");
    }
    Registered registered = lookUp(who);
    AuthenticationType type = registered.authentication().type();
    DeviceAuthMethod method;
    if (type == AuthenticationType.SELF_SIGNED) {
      checkThumbprint(chain.get(0), registered.authentication());
      checkValidity(chain.get(0));
      method = DeviceAuthMethod.X509_SELF_SIGNED;
    } else if (type == AuthenticationType.CERTIFICATE_AUTHORITY) {
      checkCaChain(who, chain);
      method = DeviceAuthMethod.X509_CA;
    } else {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "'" + who + "' authenticates with " + type.wireName() + ", not with an X.509 certificate.");
    }
    requireEnabled(who, registered);
    return new DevicePrincipal(who, registered.generationId(), method, Optional.empty());
  }

  private DeviceAuthMethod checkPolicySignature(SasToken sas, String keyName) {
    SharedAccessPolicy policy = policies.findPolicy(keyName)
        .orElseThrow(() -> new DeviceAuthException(Reason.BAD_CREDENTIALS, "No policy named '" + keyName + "'."));
    if (!policy.grants(AccessRight.DEVICE_CONNECT)) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The policy '" + keyName + "' does not grant DeviceConnect.");
    }
    if (!sas.isSignedByAnyOf(List.of(policy.primaryKey(), policy.secondaryKey()))) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The token's signature does not match the keys of policy '" + keyName + "'.");
    }
    return DeviceAuthMethod.POLICY_KEY;
  }

  private static DeviceAuthMethod checkIdentitySignature(SasToken sas, IdentityRef who, Authentication auth) {
    if (auth.type() != AuthenticationType.SAS) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "'" + who + "' authenticates with " + auth.type().wireName() + ", not with a SAS key.");
    }
    SymmetricKey keys = auth.symmetricKey();
    List<String> candidates = java.util.stream.Stream.of(keys.primaryKey(), keys.secondaryKey())
        .flatMap(Optional::stream)
        .toList();
    if (!sas.isSignedByAnyOf(candidates)) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The token's signature does not match the keys of '" + who + "'.");
    }
    return DeviceAuthMethod.IDENTITY_KEY;
  }

  private static void checkThumbprint(X509Certificate leaf, Authentication auth) {
    try {
      byte[] der = leaf.getEncoded();
      String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der));
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
      if (!auth.x509Thumbprint().matches(sha1) && !auth.x509Thumbprint().matches(sha256)) {
        throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
            "The client certificate's thumbprint " + sha1.toUpperCase(java.util.Locale.ROOT)
                + " is not registered for this identity.");
      }
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS, "The client certificate cannot be read.");
    }
  }

  private void checkValidity(X509Certificate leaf) {
    try {
      leaf.checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException e) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The client certificate expired at " + leaf.getNotAfter().toInstant() + ".");
    } catch (CertificateNotYetValidException e) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The client certificate is not valid before " + leaf.getNotBefore().toInstant() + ".");
    }
  }

  private void checkCaChain(IdentityRef who, List<X509Certificate> chain) {
    String expectedName = who.moduleId().map(m -> who.deviceId().value() + "/" + m.value())
        .orElse(who.deviceId().value());
    String commonName = commonName(chain.get(0));
    if (!expectedName.equals(commonName)) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The client certificate's subject CN '" + commonName + "' is not '" + expectedName + "'.");
    }
    Set<TrustAnchor> anchors = caCertificates.verified().stream()
        .map(ca -> new TrustAnchor(ca, null))
        .collect(Collectors.toSet());
    if (anchors.isEmpty()) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS, "The hub has no verified CA certificate.");
    }
    try {
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      List<X509Certificate> path = chain.stream()
          .filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c)))
          .toList();
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw new DeviceAuthException(Reason.BAD_CREDENTIALS,
          "The client certificate does not chain to a verified CA certificate: " + e.getMessage());
    }
  }

  private static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      return "";
    }
    return "";
  }

  private static void requireEnabled(IdentityRef who, Registered registered) {
    if (registered.deviceStatus() == DeviceStatus.DISABLED) {
      throw new DeviceAuthException(Reason.DISABLED, "Device '" + who.deviceId() + "' is disabled.");
    }
  }

  private Registered lookUp(IdentityRef who) {
    Device device = registry.findDevice(who.deviceId())
        .orElseThrow(() -> new DeviceAuthException(Reason.UNKNOWN_IDENTITY,
            "Device '" + who.deviceId() + "' is not registered."));
    if (who.moduleId().isEmpty()) {
      return new Registered(device.generationId(), device.authentication(), device.status());
    }
    Module module = registry.findModule(who.deviceId(), who.moduleId().get())
        .orElseThrow(() -> new DeviceAuthException(Reason.UNKNOWN_IDENTITY,
            "Module '" + who + "' is not registered."));
    return new Registered(module.generationId(), module.authentication(), device.status());
  }

  /** What authentication needs of a registered device or module. */
  private record Registered(String generationId, Authentication authentication, DeviceStatus deviceStatus) {}
}
