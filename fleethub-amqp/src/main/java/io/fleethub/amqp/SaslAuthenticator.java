package io.fleethub.amqp;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.DeviceAuthException;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.ServicePrincipal;
import io.fleethub.core.error.HubException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.sasl.ProtonSaslAuthenticator;
import java.util.Optional;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SASL server of one connection: offers PLAIN and ANONYMOUS and lets clients skip SASL (the Event Hubs SDKs
 * do, and so do Azure's X.509 device clients). PLAIN accepts {@code {policy}@sas.root.{hubName}} with a SAS token
 * of that policy granting ServiceConnect, and {@code {deviceId}[/modules/{moduleId}]@sas.{hubName}} with a token
 * of that identity (checked on its device lane). It also
 * creates the connection's {@link AmqpConnection} as soon as the socket is accepted, so the open deadline runs
 * from the start.
 *
 * <p>Runs on the connection's context; the token check, which reads the policy store, runs on a worker thread and
 * the outcome hops back to the context, as vertx-proton requires.
 */
final class SaslAuthenticator implements ProtonSaslAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(SaslAuthenticator.class);
  static final String PLAIN = "PLAIN";
  static final String ANONYMOUS = "ANONYMOUS";

  private final AmqpRuntime runtime;
  private final PeerCertificates certificates;
  private Sasl sasl;
  private ProtonConnection protonConnection;
  private AmqpConnection connection;
  private boolean succeeded;

  SaslAuthenticator(AmqpRuntime runtime, PeerCertificates certificates) {
    this.runtime = runtime;
    this.certificates = certificates;
  }

  @Override
  public void init(NetSocket socket, ProtonConnection protonConnection, Transport transport) {
    this.protonConnection = protonConnection;
    this.sasl = transport.sasl();
    sasl.server();
    sasl.allowSkip(true);
    sasl.setMechanisms(PLAIN, ANONYMOUS);
    connection = new AmqpConnection(runtime, protonConnection, socket, certificates.of(socket));
  }

  @Override
  public void process(Handler<Boolean> done) {
    String[] mechanisms = sasl.getRemoteMechanisms();
    if (mechanisms.length == 0) {
      if (protonConnection.getRemoteState() != EndpointState.UNINITIALIZED) {
        accept(new SaslLogin.Skipped(), false, done);
      } else {
        done.handle(false);
      }
      return;
    }
    switch (mechanisms[0]) {
      case ANONYMOUS -> accept(new SaslLogin.Anonymous(), true, done);
      case PLAIN -> verifyPlain(done);
      default -> refuse("the mechanism " + mechanisms[0] + " is not offered", done);
    }
  }

  @Override
  public boolean succeeded() {
    return succeeded;
  }

  private void verifyPlain(Handler<Boolean> done) {
    byte[] response = new byte[Math.max(0, sasl.pending())];
    sasl.recv(response, 0, response.length);
    Optional<PlainCredentials> credentials = PlainCredentials.parse(response);
    if (credentials.isEmpty()) {
      refuse("the PLAIN response is malformed", done);
      return;
    }
    Optional<PlainCredentials.DeviceUser> deviceUser = credentials.get().deviceUser();
    if (deviceUser.isPresent()) {
      String token = credentials.get().password();
      DeviceTokens.onLane(runtime.services(), Vertx.currentContext(), deviceUser.get().identity(),
          () -> verifyDevice(deviceUser.get(), token)).onComplete(verified -> onVerified(verified, done));
      return;
    }
    Optional<PlainCredentials.PolicyUser> policyUser = credentials.get().policyUser();
    if (policyUser.isEmpty()) {
      refuse("the user name is neither {policy}@sas.root.{hub} nor {deviceId}@sas.{hub}", done);
      return;
    }
    runtime.worker().executeBlocking(() -> verifyPolicy(policyUser.get(), credentials.get().password()), false)
        .onComplete(verified -> onVerified(verified, done));
  }

  /** Checks the hub name, the token and that it belongs to the named policy; blocks on the policy store. */
  private SaslLogin verifyPolicy(PlainCredentials.PolicyUser user, String token) {
    if (!user.hubName().equalsIgnoreCase(runtime.services().hub().hubName())) {
      throw new IllegalArgumentException("the user name names the hub '" + user.hubName() + "'");
    }
    ServicePrincipal principal =
        runtime.services().accessControl().authorizeService(token, AccessRight.SERVICE_CONNECT, "");
    if (!principal.policyName().equals(user.policyName())) {
      throw new IllegalArgumentException("the token is signed by the policy '" + principal.policyName()
          + "', not by '" + user.policyName() + "'");
    }
    return new SaslLogin.SharedAccessPolicy(principal,
        SasToken.parse(token.trim()).expiry().plus(SasToken.MAX_CLOCK_SKEW));
  }

  /** Checks the hub name and the identity's token; blocks on the registry. */
  private SaslLogin verifyDevice(PlainCredentials.DeviceUser user, String token) {
    if (!user.hubName().equalsIgnoreCase(runtime.services().hub().hubName())) {
      throw new IllegalArgumentException("the user name names the hub '" + user.hubName() + "'");
    }
    DevicePrincipal principal = runtime.services().deviceAuthenticator().authenticateToken(user.identity(), token);
    return new SaslLogin.Device(principal, principal.credentialExpiry()
        .orElseGet(() -> SasToken.parse(token.trim()).expiry()).plus(SasToken.MAX_CLOCK_SKEW));
  }

  private void onVerified(AsyncResult<SaslLogin> verified, Handler<Boolean> done) {
    if (verified.succeeded()) {
      accept(verified.result(), true, done);
    } else if (verified.cause() instanceof HubException || verified.cause() instanceof IllegalArgumentException
        || verified.cause() instanceof DeviceAuthException) {
      refuse(verified.cause().getMessage(), done);
    } else {
      log.warn("Could not check a SASL PLAIN login", verified.cause());
      refuse("the hub failed", done);
    }
  }

  private void accept(SaslLogin login, boolean answer, Handler<Boolean> done) {
    succeeded = true;
    connection.loggedIn(login);
    if (answer) {
      sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
    }
    done.handle(true);
  }

  private void refuse(String reason, Handler<Boolean> done) {
    log.debug("SASL login refused: {}", reason);
    succeeded = false;
    connection.loginRefused();
    sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
    done.handle(true);
  }
}
