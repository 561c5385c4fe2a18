package io.fleethub.amqp;

import io.fleethub.core.auth.DeviceAuthException;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.identity.IdentityRef;
import io.vertx.core.Future;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device links of one connection ({@link DeviceAddress}), grouped per identity in {@link DeviceSession}s: one
 * connection may carry several devices and modules, as the Azure SDKs' multiplexing clients do.
 *
 * <p>A link opens only for an identity the connection holds a {@link Claim.Device} of, exactly: its token put on
 * {@code $cbs}, its SASL PLAIN login, or its TLS client certificate (the Azure SDKs skip SASL then), checked on the
 * first link of that identity that no token covers. Otherwise the attach is refused with {@code amqp:unauthorized-access}; a link whose
 * claim expires without a new token ends the same way. A link in the wrong direction (e.g. a device's receiver of
 * its {@code messages/events}) is refused with {@code amqp:not-allowed}; a module's receiver of its
 * {@code messages/events} (IoT Edge's module inputs, which the Node SDK attaches when an app listens for input
 * messages) is accepted and stays silent, as the hub routes nothing to module inputs.
 *
 * <p>Confined to the connection's context.
 */
final class DeviceLinks {
  private static final Logger log = LoggerFactory.getLogger(DeviceLinks.class);

  /** One open device link. */
  interface Link {
    ProtonSession session();

    /** Ends the link from the hub's side, saying why. Idempotent. */
    void end(ErrorCondition condition);

    /** Stops the link's work without touching the link, e.g. when its session or connection ended. Idempotent. */
    void stop();
  }

  private final AmqpConnection connection;
  private final Map<IdentityRef, DeviceSession> sessions = new HashMap<>();
  /**
   * Certificate checks under way, so links attaching together share one; once done, the grant it put answers until
   * the certificate's notAfter, after which the certificate is checked again (and refused, being expired).
   */
  private final Map<IdentityRef, Future<Claim.Device>> certificateChecks = new HashMap<>();

  DeviceLinks(AmqpConnection connection) {
    this.connection = connection;
  }

  /** Handles a client's receiver (the hub sends) on a device address. */
  void attach(ProtonSender sender, DeviceAddress address) {
    boolean moduleInput = address.kind() == DeviceAddress.Kind.TELEMETRY && address.identity().isModule();
    switch (moduleInput ? DeviceAddress.Kind.CLOUD_TO_DEVICE : address.kind()) {
      case CLOUD_TO_DEVICE, TWIN, METHODS -> authorize(address.identity()).onComplete(claim -> {
        if (claim.failed()) {
          PartitionLinks.refuse(sender, refusal(address, claim.cause()));
        } else if (!connection.isEnded()) {
          sessionOf(claim.result().principal()).attachSender(sender, address);
        }
      });
      default -> PartitionLinks.refuse(sender, AmqpErrors.condition(AmqpErrors.NOT_ALLOWED,
          "Devices send to '" + address + "'; the hub sends nothing there."));
    }
  }

  /** Handles a client's sender (the hub receives) on a device address. */
  void attach(ProtonReceiver receiver, DeviceAddress address) {
    switch (address.kind()) {
      case TELEMETRY, TWIN, METHODS -> authorize(address.identity()).onComplete(claim -> {
        if (claim.failed()) {
          AmqpConnection.refuse(receiver, refusal(address, claim.cause()));
        } else if (!connection.isEnded()) {
          sessionOf(claim.result().principal()).attachReceiver(receiver, address);
        }
      });
      default -> AmqpConnection.refuse(receiver, AmqpErrors.condition(AmqpErrors.NOT_ALLOWED,
          "Devices receive from '" + address + "'; the hub takes nothing there."));
    }
  }

  /** Ends the links of every identity the connection no longer holds a live claim of. */
  void revokeUncovered(String reason) {
    for (DeviceSession session : List.copyOf(sessions.values())) {
      if (connection.grants().deviceClaim(session.identity()).isEmpty()) {
        session.endAll(AmqpErrors.condition(AmqpErrors.UNAUTHORIZED_ACCESS, reason));
      }
    }
  }

  /** Stops the links of a session the client ended. */
  void sessionEnded(ProtonSession session) {
    for (DeviceSession device : List.copyOf(sessions.values())) {
      device.sessionEnded(session);
    }
  }

  /** Stops every link; for the end of the connection. */
  void stopAll() {
    for (DeviceSession session : List.copyOf(sessions.values())) {
      session.stopAll();
    }
    sessions.clear();
  }

  /** Called by a device session once its last link is gone. */
  void ended(DeviceSession session) {
    sessions.remove(session.identity(), session);
  }

  private DeviceSession sessionOf(DevicePrincipal principal) {
    return sessions.computeIfAbsent(principal.identity(), identity -> new DeviceSession(connection, this, principal));
  }

  /**
   * The connection's claim of exactly {@code identity}; when it holds none and presented a client certificate, the
   * certificate is checked for the identity (once, however many links wait for it).
   */
  private Future<Claim.Device> authorize(IdentityRef identity) {
    var held = connection.grants().deviceClaim(identity);
    if (held.isPresent()) {
      return Future.succeededFuture(held.get());
    }
    List<X509Certificate> chain = connection.clientCertificates();
    if (chain.isEmpty()) {
      return Future.failedFuture(new DeviceAuthException(DeviceAuthException.Reason.BAD_CREDENTIALS,
          "put a token for '" + connection.services().hub().hostName() + "/" + DeviceAddress.scopeOf(identity)
              + "' on $cbs first, log in with SASL PLAIN, or connect with the identity's client certificate"));
    }
    return certificateChecks.computeIfAbsent(identity, unchecked -> checkCertificate(identity, chain));
  }

  private Future<Claim.Device> checkCertificate(IdentityRef identity, List<X509Certificate> chain) {
    AmqpServices services = connection.services();
    return DeviceTokens.onLane(services, connection.context(), identity,
            () -> services.deviceAuthenticator().authenticateCertificate(identity, chain))
        .map(principal -> {
          Claim.Device claim = new Claim.Device(principal);
          Instant notAfter = chain.get(0).getNotAfter().toInstant();
          connection.grants().put(new CbsGrants.Grant(DeviceAddress.scopeOf(identity), claim, notAfter));
          return claim;
        })
        .onComplete(checked -> certificateChecks.remove(identity));
  }

  private static ErrorCondition refusal(DeviceAddress address, Throwable cause) {
    if (cause instanceof DeviceAuthException refused) {
      return AmqpErrors.condition(AmqpErrors.UNAUTHORIZED_ACCESS,
          "Unauthorized access to '" + address + "': " + refused.getMessage());
    }
    String trackingId = AmqpErrors.trackingId();
    log.warn("Could not authorize a link to {} (tracking id {})", address, trackingId, cause);
    return AmqpErrors.condition(AmqpErrors.INTERNAL_ERROR,
        "The hub failed to authorize the link; its log has the details under tracking id " + trackingId + ".");
  }

  /** Keeps {@code link} until the client detaches or closes it, then answers in kind and calls {@code gone}. */
  static void hold(Link link, ProtonLink<?> protonLink, Runnable gone) {
    protonLink.closeHandler(closed -> {
      link.stop();
      protonLink.close();
      gone.run();
    });
    protonLink.detachHandler(detached -> {
      link.stop();
      protonLink.detach();
      gone.run();
    });
  }
}
