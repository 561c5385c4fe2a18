package io.fleethub.transport.http.device;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.DeviceAuthException;
import io.fleethub.core.auth.DeviceAuthenticator;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.SasTokenException;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.RegistryStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Decides who may use a device path ({@code /devices/{id}[/modules/{mid}]/...}) of the HTTPS device API, and answers
 * the way IoT Hub does over HTTPS:
 *
 * <ul>
 *   <li>the {@code Authorization} header's SAS token (device key, module key, or a policy with DeviceConnect) when
 *       there is one, otherwise the TLS client certificate;
 *   <li>401 IotHubUnauthorizedAccess for no credentials, a malformed, badly signed or expired token, an unknown or
 *       unverifiable certificate, or a disabled device;
 *   <li>403 Forbidden for valid credentials of another device or module (a token whose {@code sr} names it, or a
 *       certificate whose subject CN names it);
 *   <li>404 DeviceNotFound or ModuleNotFound when the path names an identity that is not registered.
 * </ul>
 *
 * Thread-safe; blocks on the registry store, so call it on a worker thread.
 */
final class DeviceAccess {
  private final DeviceAuthenticator authenticator;
  private final RegistryStore registry;
  private final HubIdentity hub;

  DeviceAccess(DeviceAuthenticator authenticator, RegistryStore registry, HubIdentity hub) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.hub = Objects.requireNonNull(hub, "hub");
  }

  /**
   * The principal for a request to {@code pathIdentity}'s paths; throws {@link HubException} with the refusal.
   *
   * @param token the {@code Authorization} header, if any
   * @param chain the TLS client certificate chain, leaf first; empty when none was presented
   */
  DevicePrincipal authenticate(IdentityRef pathIdentity, Optional<String> token, List<X509Certificate> chain) {
    if (token.isPresent() && !token.get().isBlank()) {
      return byToken(pathIdentity, token.get());
    }
    if (!chain.isEmpty()) {
      return byCertificate(pathIdentity, chain);
    }
    throw unauthorized("The request has no Authorization header with a SAS token, and the connection presented no "
        + "client certificate.");
  }

  private DevicePrincipal byToken(IdentityRef pathIdentity, String token) {
    SasToken sas;
    try {
      sas = SasToken.parse(token);
    } catch (SasTokenException e) {
      throw unauthorized("The Authorization header is not a SAS token: " + e.getMessage() + ".");
    }
    Optional<IdentityRef> named = identityNamedBy(sas.resource());
    if (named.isPresent() && !sas.covers(resourceOf(pathIdentity))) {
      try {
        authenticator.authenticateToken(named.get(), token);
      } catch (DeviceAuthException e) {
        throw unauthorized(e.getMessage());
      }
      throw forbidden("The token of " + describe(named.get()) + " does not grant access to the paths of "
          + describe(pathIdentity) + ".");
    }
    try {
      return authenticator.authenticateToken(pathIdentity, token);
    } catch (DeviceAuthException e) {
      throw refusal(pathIdentity, e);
    }
  }

  private DevicePrincipal byCertificate(IdentityRef pathIdentity, List<X509Certificate> chain) {
    try {
      return authenticator.authenticateCertificate(pathIdentity, chain);
    } catch (DeviceAuthException e) {
      if (e.reason() == DeviceAuthException.Reason.BAD_CREDENTIALS) {
        Optional<IdentityRef> named = identityNamedByCommonName(chain.get(0));
        if (named.isPresent() && !named.get().equals(pathIdentity) && certifies(named.get(), chain)) {
          throw forbidden("The client certificate of " + describe(named.get())
              + " does not grant access to the paths of " + describe(pathIdentity) + ".");
        }
      }
      throw refusal(pathIdentity, e);
    }
  }

  private boolean certifies(IdentityRef identity, List<X509Certificate> chain) {
    try {
      authenticator.authenticateCertificate(identity, chain);
      return true;
    } catch (DeviceAuthException e) {
      return false;
    }
  }

  private HubException refusal(IdentityRef pathIdentity, DeviceAuthException e) {
    if (e.reason() != DeviceAuthException.Reason.UNKNOWN_IDENTITY) {
      return unauthorized(e.getMessage());
    }
    boolean deviceKnown = registry.findDevice(pathIdentity.deviceId()).isPresent();
    return new HubException(deviceKnown ? ErrorCode.MODULE_NOT_FOUND : ErrorCode.DEVICE_NOT_FOUND, e.getMessage());
  }

  /** {@code host/devices/{d}[/modules/{m}]}, as a token's {@code sr} names an identity. */
  private String resourceOf(IdentityRef identity) {
    return hub.hostName() + "/devices/" + identity.deviceId().value()
        + identity.moduleId().map(m -> "/modules/" + m.value()).orElse("");
  }

  /** The device or module a token's decoded resource names, if it names exactly one on this hub. */
  private Optional<IdentityRef> identityNamedBy(String resource) {
    String prefix = hub.hostName().toLowerCase(Locale.ROOT) + "/devices/";
    if (!resource.toLowerCase(Locale.ROOT).startsWith(prefix)) {
      return Optional.empty();
    }
    String[] parts = resource.substring(prefix.length()).split("/", -1);
    try {
      if (parts.length == 1) {
        return Optional.of(IdentityRef.device(DeviceId.of(parts[0])));
      }
      if (parts.length == 3 && parts[1].equalsIgnoreCase("modules")) {
        return Optional.of(IdentityRef.module(DeviceId.of(parts[0]), ModuleId.of(parts[2])));
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The identity a certificate's subject CN names: {@code deviceId} or {@code deviceId/moduleId}. */
  private static Optional<IdentityRef> identityNamedByCommonName(X509Certificate leaf) {
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          String[] parts = rdn.getValue().toString().split("/", -1);
          return parts.length == 1 ? Optional.of(IdentityRef.device(DeviceId.of(parts[0])))
              : parts.length == 2 ? Optional.of(IdentityRef.module(DeviceId.of(parts[0]), ModuleId.of(parts[1])))
              : Optional.empty();
        }
      }
    } catch (InvalidNameException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String describe(IdentityRef identity) {
    return identity.moduleId()
        .map(module -> "module '" + module + "' of device '" + identity.deviceId() + "'")
        .orElse("device '" + identity.deviceId() + "'");
  }

  private static HubException unauthorized(String message) {
    return new HubException(ErrorCode.IOT_HUB_UNAUTHORIZED_ACCESS, message);
  }

  private static HubException forbidden(String message) {
    return new HubException(ErrorCode.FORBIDDEN, message);
  }
}
