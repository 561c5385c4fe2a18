package io.fleethub.amqp;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.DeviceAuthException;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.ServicePrincipal;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/**
 * The {@code $cbs} node's put-token: a client presents a SAS token for an audience ({@code name}). A device
 * audience ({@code {host}/devices/{id}[/modules/{mid}]}) takes a device or module token, checked by the core's
 * {@link io.fleethub.core.auth.DeviceAuthenticator} (the identity's own key, or a policy granting DeviceConnect)
 * and held as that identity's {@link Claim.Device}; any other audience takes a service token, verified by the core's
 * {@link io.fleethub.core.auth.AccessControl} (signed by a policy's key, unexpired, scoped to the hub's host or to
 * the audience's path on it, policy granting ServiceConnect). Either is held by the connection's
 * {@link CbsGrants} until it expires; a new token for the same scope renews it. Answers 200, 400 (malformed request) or 401
 * (refused token, with the reason).
 *
 * <p>Called on the connection's context; the token check, which reads the policy store, runs on the endpoint's
 * worker threads.
 */
final class CbsNode implements RequestLinks.Responder {
  static final String ADDRESS = "$cbs";

  /** Event Hubs clients say servicebus.windows.net; IoT Hub's device SDKs say azure-devices.net. */
  private static final Set<String> SAS_TOKEN_TYPES =
      Set.of("servicebus.windows.net:sastoken", "azure-devices.net:sastoken");

  private final AmqpServices services;
  private final WorkerExecutor worker;
  private final CbsGrants grants;

  CbsNode(AmqpServices services, WorkerExecutor worker, CbsGrants grants) {
    this.services = services;
    this.worker = worker;
    this.grants = grants;
  }

  @Override
  public Future<RequestLinks.Reply> respond(Message request) {
    String operation = RequestLinks.stringProperty(request, "operation");
    if (!"put-token".equals(operation)) {
      return badRequest("The $cbs node supports only the operation 'put-token', not '" + operation + "'.");
    }
    String type = RequestLinks.stringProperty(request, "type");
    if (type == null || !SAS_TOKEN_TYPES.contains(type)) {
      return badRequest("Only SAS tokens are accepted (type 'servicebus.windows.net:sastoken'), not '" + type + "'.");
    }
    String audience = RequestLinks.stringProperty(request, "name");
    if (audience == null || !(request.getBody() instanceof AmqpValue value) || !(value.getValue() instanceof String)) {
      return badRequest("A put-token needs the audience as 'name' and the token as an AMQP string body.");
    }
    String token = (String) value.getValue();
    Optional<String> path = EntityPaths.ofAudience(audience, services.hub());
    if (path.isEmpty()) {
      return unauthorized("The audience '" + audience + "' is not on this hub '" + services.hub().hostName() + "'.");
    }
    Future<CbsGrants.Grant> verified = DeviceTokens.isDeviceAudience(path.get())
        ? verifyDevice(token, path.get())
        : worker.executeBlocking(() -> verify(token, path.get()), false);
    return verified
        .map(grant -> {
          grants.put(grant);
          return RequestLinks.Reply.ok(null);
        })
        .recover(failure -> failure instanceof HubException || failure instanceof DeviceAuthException
            || failure instanceof IllegalArgumentException
            ? unauthorized(failure.getMessage())
            : Future.failedFuture(failure));
  }

  /**
   * Authenticates a device or module token on the device's lane (the registry is read there). The identity is
   * the audience's, or the module the token names under the audience's device: the Java device SDK puts a module's
   * token for the audience {@code {host}/devices/{deviceId}}.
   */
  private Future<CbsGrants.Grant> verifyDevice(String token, String audiencePath) {
    IdentityRef identity;
    try {
      identity = DeviceTokens.identityOf(audiencePath, token, services.hub());
    } catch (IllegalArgumentException refused) {
      return Future.failedFuture(refused);
    }
    return DeviceTokens.onLane(services, Vertx.currentContext(), identity, () -> {
      DevicePrincipal principal = services.deviceAuthenticator().authenticateToken(identity, token);
      Instant validUntil = principal.credentialExpiry()
          .orElseGet(() -> SasToken.parse(token.trim()).expiry()).plus(SasToken.MAX_CLOCK_SKEW);
      return new CbsGrants.Grant(DeviceAddress.scopeOf(identity), new Claim.Device(principal), validUntil);
    });
  }

  /** Verifies the token for the audience's path; blocks on the policy store. */
  private CbsGrants.Grant verify(String token, String audiencePath) {
    ServicePrincipal principal =
        services.accessControl().authorizeService(token, AccessRight.SERVICE_CONNECT, audiencePath);
    Instant validUntil = SasToken.parse(token.trim()).expiry().plus(SasToken.MAX_CLOCK_SKEW);
    return new CbsGrants.Grant(EntityPaths.canonical(audiencePath, services.hub().hubName()),
        new Claim.Service(principal), validUntil);
  }

  private static Future<RequestLinks.Reply> badRequest(String description) {
    return Future.succeededFuture(RequestLinks.Reply.status(400, description));
  }

  private static Future<RequestLinks.Reply> unauthorized(String description) {
    return Future.succeededFuture(RequestLinks.Reply.status(401, description));
  }
}
