package io.fleethub.amqp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonServer;
import io.vertx.proton.ProtonServerOptions;
import io.vertx.proton.impl.ProtonServerImpl;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of the endpoint's listeners: TLS, optionally plain, and the loopback listener behind the WebSocket
 * bridge. The endpoint deploys several on the same ports; Vert.x then shares each port between them and spreads
 * accepted connections over their event loops. Each connection stays on the event loop that accepted it.
 */
final class AmqpListener extends VerticleBase {
  /** The options of each listener; {@code plain} may be null. */
  record Options(ProtonServerOptions tls, ProtonServerOptions plain, ProtonServerOptions bridge) {}

  private final Options options;
  private final AmqpRuntime runtime;
  private final WebSocketBridge bridge;
  private final List<ProtonServer> servers = new ArrayList<>();
  private volatile ProtonServer tls;
  private volatile ProtonServer plain;
  private volatile ProtonServer loopback;

  AmqpListener(Options options, AmqpRuntime runtime, WebSocketBridge bridge) {
    this.options = options;
    this.runtime = runtime;
    this.bridge = bridge;
  }

  @Override
  public Future<?> start() {
    tls = server(options.tls(), PeerCertificates.fromTls());
    plain = options.plain() == null ? null : server(options.plain(), PeerCertificates.fromTls());
    loopback = server(options.bridge(), bridge.certificates());
    return Future.all(servers.stream().map(AmqpListener::listen).toList());
  }

  @Override
  public Future<?> stop() {
    return Future.join(servers.stream().map(AmqpListener::close).toList());
  }

  int tlsPort() {
    return tls.actualPort();
  }

  int plainPort() {
    return plain == null ? -1 : plain.actualPort();
  }

  int bridgePort() {
    return loopback.actualPort();
  }

  private ProtonServer server(ProtonServerOptions serverOptions, PeerCertificates certificates) {
    ProtonServer server = ProtonServer.create(vertx, serverOptions)
        .saslAuthenticatorFactory(() -> new SaslAuthenticator(runtime, certificates))
        .connectHandler(AmqpListener::accept);
    if (server instanceof ProtonServerImpl impl) {
      // Links without a target address are refused, so the open must not offer ANONYMOUS-RELAY.
      impl.setAdvertiseAnonymousRelayCapability(false);
    }
    servers.add(server);
    return server;
  }

  private static void accept(ProtonConnection connection) {
    AmqpConnection.of(connection).start();
  }

  private static Future<ProtonServer> listen(ProtonServer server) {
    Promise<ProtonServer> listening = Promise.promise();
    server.listen(result -> {
      if (result.succeeded()) {
        listening.complete(result.result());
      } else {
        listening.fail(result.cause());
      }
    });
    return listening.future();
  }

  private static Future<Void> close(ProtonServer server) {
    Promise<Void> closed = Promise.promise();
    server.close(result -> {
      if (result.succeeded()) {
        closed.complete();
      } else {
        closed.fail(result.cause());
      }
    });
    return closed.future();
  }
}
